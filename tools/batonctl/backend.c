// SPDX-License-Identifier: GPL-2.0
/*
 * batonctl: the backend object, the hosts of a baton_cls service.
 *
 *	backend add VIP:PORT HOST[:CTLPORT] [weight N] [group NAME]
 *	backend set VIP:PORT HOST [weight N] [group NAME] [health unknown|up|down]
 *	backend del VIP:PORT HOST [force]
 *	backend [show] [VIP:PORT]
 *
 * HOST is an IPv4 address or an IPv6 address, bare or in brackets; with
 * a control port, an IPv6 address needs its brackets:
 * [2001:db8::11]:7280.  CTLPORT defaults to BATON_CTL_PORT_DEFAULT.  A
 * backend is known by its address alone, so "set" and "del" take no
 * port.  A backend may be of the other address family than its service.
 *
 * The weight (0 to BATON_BE_WEIGHT_MAX, default BATON_BE_WEIGHT_DEFAULT
 * when "add" gives none) is the backend's share of new connections; 0
 * drains it.  The group (default "default") is where the content rules
 * (rule.c) send connections; see "service add ... default-group".  The
 * kernel refuses "del" while the backend has
 * connections, unless "force" (a keyword, like every argument after the
 * object; "--force" is taken too, as operators used to other tools
 * type it).
 *
 * "show" is "service show" (service.c): the services with their
 * backends, in the same table or JSON.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include <linux/baton.h>

#include "batonctl.h"
#include "nl.h"

#define STR(x)		#x
#define XSTR(x)		STR(x)

/*
 * Parse "HOST[:CTLPORT]" into @addr and @port: "192.0.2.11",
 * "192.0.2.11:7280", "2001:db8::11", "[2001:db8::11]" or
 * "[2001:db8::11]:7280".  0 or -1.
 */
static int parse_host(const char *s, struct ctl_addr *addr, uint16_t *port)
{
	*port = BATON_CTL_PORT_DEFAULT;
	/* Bare or bracketed address: no port. */
	if (!ctl_parse_addr(s, addr))
		return 0;
	if (ctl_parse_endpoint(s, addr, port) || *port == 0)
		return -1;
	return 0;
}

/* A backend to name in a request. */
struct be_req {
	struct ctl_addr vip;
	uint16_t vport;
	struct ctl_addr host;
	uint16_t ctl_port;	/* 0: not sent */
	bool weight_set;	/* false: not sent */
	uint32_t weight;
	const char *group;	/* NULL: not sent */
	int health;		/* -1: not sent */
	bool force;		/* BATON_CLS_ATTR_FORCE */
};

/*
 * Parse "VIP:PORT HOST" of "backend @verb" (@with_port: HOST[:CTLPORT]),
 * argv[0] and argv[1]; the caller checks what follows.  Returns 0, or a
 * usage error after printing it.
 */
static int backend_parse(const char *verb, bool with_port, int argc,
			 char **argv, struct be_req *req)
{
	const struct ctl_object *obj = &ctl_object_backend;
	int ret;

	memset(req, 0, sizeof(*req));
	req->health = -1;
	ret = ctl_parse_service(obj, verb, argc, argv, &req->vip, &req->vport);
	if (ret)
		return ret;
	if (argc < 2)
		return ctl_usage_error(obj, "backend %s: missing HOST", verb);
	if (with_port ? parse_host(argv[1], &req->host, &req->ctl_port) :
			ctl_parse_addr(argv[1], &req->host))
		return ctl_usage_error(obj, with_port ?
				       "backend %s: invalid backend '%s' (ADDR, ADDR:PORT or [ADDR]:PORT, port 1 to 65535)" :
				       "backend %s: invalid backend address '%s' (ADDR, without a port)",
				       verb, argv[1]);
	return 0;
}

/*
 * The settings "[weight N] [group NAME]" (set: also "[health H]") of
 * "backend @verb", argv[0]
 * on, into @req.  Returns 0, or a usage error after printing it.
 */
static int backend_parse_settings(const char *verb, int argc, char **argv,
				  struct be_req *req)
{
	const struct ctl_object *obj = &ctl_object_backend;
	bool set = !strcmp(verb, "set");
	const char *kw;
	int i;

	for (i = 0; i < argc; i++) {
		kw = argv[i];
		if (strcmp(kw, "weight") && strcmp(kw, "group") &&
		    (strcmp(kw, "health") || !set))
			return set ? ctl_usage_error(obj, "backend %s: unknown setting '%s'",
						     verb, kw) :
				     ctl_no_args(obj, verb, argc - i, argv + i);
		if (i + 1 >= argc)
			return ctl_usage_error(obj, "backend %s: '%s' needs a value",
					       verb, kw);
		i++;
		if (!strcmp(kw, "group")) {
			if (!argv[i][0] ||
			    strlen(argv[i]) >= BATON_GROUP_NAMSIZ)
				return ctl_usage_error(obj, "backend %s: invalid group '%s' (1 to %d characters)",
						       verb, argv[i],
						       BATON_GROUP_NAMSIZ - 1);
			req->group = argv[i];
		} else if (!strcmp(kw, "health")) {
			req->health = ctl_find_name(ctl_health_names,
						    BATON_BE_HEALTH_MAX + 1,
						    argv[i]);
			if (req->health < 0)
				return ctl_usage_error(obj, "backend %s: invalid health '%s' (unknown, up or down)",
						       verb, argv[i]);
		} else {
			if (ctl_parse_u32(argv[i], BATON_BE_WEIGHT_MAX,
					  &req->weight))
				return ctl_usage_error(obj, "backend %s: invalid weight '%s' (0 to %u)",
						       verb, argv[i],
						       BATON_BE_WEIGHT_MAX);
			req->weight_set = true;
		}
	}
	return 0;
}

/* The service and backend nests of @arg, a struct be_req: a ctl_put_fn. */
static int backend_put(struct nl_msg *msg, const void *arg)
{
	const struct be_req *req = arg;
	struct nlattr *nest;

	if (ctl_put_service(msg, &req->vip, req->vport))
		return -ENOMEM;
	nest = nla_nest_start(msg, BATON_CLS_ATTR_BACKEND);
	if (!nest ||
	    nla_put(msg, BATON_BE_A_ADDR, (int)req->host.len,
		    req->host.bytes) ||
	    (req->ctl_port &&
	     nla_put_u16(msg, BATON_BE_A_CTL_PORT, req->ctl_port)) ||
	    (req->weight_set &&
	     nla_put_u32(msg, BATON_BE_A_WEIGHT, req->weight)) ||
	    (req->group && nla_put_string(msg, BATON_BE_A_GROUP, req->group)) ||
	    (req->health >= 0 &&
	     nla_put_u8(msg, BATON_BE_A_HEALTH, (uint8_t)req->health)))
		return -ENOMEM;
	nla_nest_end(msg, nest);
	if (req->force && nla_put_flag(msg, BATON_CLS_ATTR_FORCE))
		return -ENOMEM;
	return 0;
}

/* Send @cmd of baton_cls for the backend of @req. */
static int backend_transact(struct ctl *ctl, uint8_t cmd,
			    const struct be_req *req, const char *what)
{
	return ctl_transact(ctl, BATON_CLS_GENL_NAME, cmd, 0, backend_put, req,
			    NULL, NULL, what);
}

static int backend_add(struct ctl *ctl, int argc, char **argv)
{
	struct be_req req;
	int ret;

	ret = backend_parse("add", true, argc, argv, &req);
	ret = ret ?: backend_parse_settings("add", argc - 2, argv + 2, &req);
	if (ret)
		return ret;
	return backend_transact(ctl, BATON_CLS_CMD_BACKEND_NEW, &req,
				"cannot add the backend");
}

static int backend_set(struct ctl *ctl, int argc, char **argv)
{
	const struct ctl_object *obj = &ctl_object_backend;
	struct be_req req;
	int ret;

	ret = backend_parse("set", false, argc, argv, &req);
	if (ret)
		return ret;
	if (argc < 3)
		return ctl_usage_error(obj, "backend set: nothing to set");
	ret = backend_parse_settings("set", argc - 2, argv + 2, &req);
	if (ret)
		return ret;
	return backend_transact(ctl, BATON_CLS_CMD_BACKEND_SET, &req,
				"cannot change the backend");
}

static int backend_del(struct ctl *ctl, int argc, char **argv)
{
	const struct ctl_object *obj = &ctl_object_backend;
	struct be_req req;
	int ret, i;

	ret = backend_parse("del", false, argc, argv, &req);
	if (ret)
		return ret;
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "force") && strcmp(argv[i], "--force"))
			return ctl_no_args(obj, "del", argc - i, argv + i);
		req.force = true;
	}
	return backend_transact(ctl, BATON_CLS_CMD_BACKEND_DEL, &req,
				"cannot delete the backend");
}

static int backend_show(struct ctl *ctl, int argc, char **argv)
{
	return ctl_service_list(ctl, &ctl_object_backend, argc, argv);
}

static const struct ctl_verb backend_verbs[] = {
	{ "show", "[VIP:PORT]", "list the services and their backends",
	  backend_show },
	{ "add", "VIP:PORT HOST[:CTLPORT] [weight N] [group NAME]",
	  "add a backend host (CTLPORT: "
	  XSTR(BATON_CTL_PORT_DEFAULT) ", weight: "
	  XSTR(BATON_BE_WEIGHT_DEFAULT) ", group: " BATON_GROUP_DEFAULT ")",
	  backend_add },
	{ "set", "VIP:PORT HOST [weight N] [group NAME] [health H]",
	  "change a backend's weight (0 to " XSTR(BATON_BE_WEIGHT_MAX)
	  ", 0 drains), group or health (down: no new connections)",
	  backend_set },
	{ "del", "VIP:PORT HOST [force]",
	  "remove a backend (force: even with connections)",
	  backend_del },
	{ NULL, NULL, NULL, NULL },
};

const struct ctl_object ctl_object_backend = {
	.name = "backend",
	.help = "Manage the backends of the services of baton_classifier: the\n"
		"hosts a service hands its connections to, reached on the control\n"
		"port of their baton_migrator, each with a weight (its share of new\n"
		"connections; 0 drains it).  HOST is an IPv4 or IPv6 address; with\n"
		"a port, IPv6 is written [ADDR]:PORT",
	.verbs = backend_verbs,
	.default_verb = "show",
};
