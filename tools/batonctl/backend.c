// SPDX-License-Identifier: GPL-2.0
/*
 * batonctl: the backend object, the hosts of a baton_cls service.
 *
 *	backend add VIP:PORT HOST[:CTLPORT]
 *	backend del VIP:PORT HOST
 *	backend [show] [VIP:PORT]
 *
 * HOST is an IPv4 address or an IPv6 address, bare or in brackets; with
 * a control port, an IPv6 address needs its brackets:
 * [2001:db8::11]:7280.  CTLPORT defaults to BATON_CTL_PORT_DEFAULT.  A
 * backend is known by its address alone, so "del" takes no port.  A
 * backend may be of the other address family than its service.
 *
 * "show" is "service show" (service.c): the services with their
 * backends, in the same table or JSON.
 */
#include <errno.h>
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
};

/* Parse "VIP:PORT HOST..." of "backend @verb" (@with_port: HOST[:CTLPORT]). */
static int backend_parse(const char *verb, bool with_port, int argc,
			 char **argv, struct be_req *req)
{
	const struct ctl_object *obj = &ctl_object_backend;
	int ret;

	memset(req, 0, sizeof(*req));
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
	return ctl_no_args(obj, verb, argc - 2, argv + 2);
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
	     nla_put_u16(msg, BATON_BE_A_CTL_PORT, req->ctl_port)))
		return -ENOMEM;
	nla_nest_end(msg, nest);
	return 0;
}

/* "backend add" (@add: with a control port) or "backend del". */
static int backend_change(struct ctl *ctl, bool add, int argc, char **argv)
{
	struct be_req req;
	int ret;

	ret = backend_parse(add ? "add" : "del", add, argc, argv, &req);
	if (ret)
		return ret;
	return ctl_transact(ctl, BATON_CLS_GENL_NAME,
			    add ? BATON_CLS_CMD_BACKEND_NEW :
				  BATON_CLS_CMD_BACKEND_DEL,
			    0, backend_put, &req, NULL, NULL,
			    add ? "cannot add the backend" :
				  "cannot delete the backend");
}

static int backend_add(struct ctl *ctl, int argc, char **argv)
{
	return backend_change(ctl, true, argc, argv);
}

static int backend_del(struct ctl *ctl, int argc, char **argv)
{
	return backend_change(ctl, false, argc, argv);
}

static int backend_show(struct ctl *ctl, int argc, char **argv)
{
	return ctl_service_list(ctl, &ctl_object_backend, argc, argv);
}

static const struct ctl_verb backend_verbs[] = {
	{ "show", "[VIP:PORT]", "list the services and their backends",
	  backend_show },
	{ "add", "VIP:PORT HOST[:CTLPORT]",
	  "add a backend host to a service (CTLPORT: "
	  XSTR(BATON_CTL_PORT_DEFAULT) ")", backend_add },
	{ "del", "VIP:PORT HOST", "remove a backend host from a service",
	  backend_del },
	{ NULL, NULL, NULL, NULL },
};

const struct ctl_object ctl_object_backend = {
	.name = "backend",
	.help = "Manage the backends of the services of baton_classifier: the\n"
		"hosts a service hands its connections to, reached on the control\n"
		"port of their baton_migrator.  HOST is an IPv4 or IPv6 address;\n"
		"with a port, IPv6 is written [ADDR]:PORT",
	.verbs = backend_verbs,
	.default_verb = "show",
};
