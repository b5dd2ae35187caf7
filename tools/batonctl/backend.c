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

/* Parse "VIP:PORT HOST..." of "backend @verb" (@with_port: HOST[:CTLPORT]). */
static int backend_parse(const char *verb, bool with_port, int argc,
			 char **argv, struct ctl_addr *vip, uint16_t *vport,
			 struct ctl_addr *host, uint16_t *ctl_port)
{
	const struct ctl_object *obj = &ctl_object_backend;
	int ret;

	if (argc < 1)
		return ctl_usage_error(obj, "backend %s: missing VIP:PORT", verb);
	ret = ctl_parse_service(obj, verb, argv[0], vip, vport);
	if (ret)
		return ret;
	if (argc < 2)
		return ctl_usage_error(obj, "backend %s: missing HOST", verb);
	if (with_port ? parse_host(argv[1], host, ctl_port) :
			ctl_parse_addr(argv[1], host))
		return ctl_usage_error(obj, with_port ?
				       "backend %s: invalid backend '%s' (ADDR, ADDR:PORT or [ADDR]:PORT, port 1 to 65535)" :
				       "backend %s: invalid backend address '%s' (ADDR, without a port)",
				       verb, argv[1]);
	if (argc > 2)
		return ctl_usage_error(obj, "backend %s: unexpected argument '%s'",
				       verb, argv[2]);
	return 0;
}

/* Send @cmd naming @vip:@vport and backend @host (with @ctl_port if not 0). */
static int backend_transact(struct ctl *ctl, uint8_t cmd,
			    const struct ctl_addr *vip, uint16_t vport,
			    const struct ctl_addr *host, uint16_t ctl_port,
			    const char *what)
{
	struct nlattr *nest;
	struct nl_msg *msg;
	struct bnl *nl;
	int family, err;

	family = ctl_family(ctl, BATON_CLS_GENL_NAME, &nl);
	if (family < 0)
		return CTL_EXIT_FAIL;

	msg = bnl_request(family, cmd, 0);
	if (!msg || ctl_put_service(msg, vip, vport))
		goto nomem;
	nest = nla_nest_start(msg, BATON_CLS_ATTR_BACKEND);
	if (!nest || nla_put(msg, BATON_BE_A_ADDR, (int)host->len, host->bytes) ||
	    (ctl_port && nla_put_u16(msg, BATON_BE_A_CTL_PORT, ctl_port)))
		goto nomem;
	nla_nest_end(msg, nest);

	err = bnl_transact(nl, msg, NULL, NULL);
	if (err) {
		bnl_perror(nl, what, err);
		return CTL_EXIT_FAIL;
	}
	return CTL_EXIT_OK;

nomem:
	nlmsg_free(msg);
	ctl_err("out of memory");
	return CTL_EXIT_FAIL;
}

static int backend_add(struct ctl *ctl, int argc, char **argv)
{
	struct ctl_addr vip, host;
	uint16_t vport, ctl_port;
	int ret;

	ret = backend_parse("add", true, argc, argv, &vip, &vport, &host,
			    &ctl_port);
	if (ret)
		return ret;
	return backend_transact(ctl, BATON_CLS_CMD_BACKEND_NEW, &vip, vport,
				&host, ctl_port, "cannot add the backend");
}

static int backend_del(struct ctl *ctl, int argc, char **argv)
{
	struct ctl_addr vip, host;
	uint16_t vport, ctl_port = 0;
	int ret;

	ret = backend_parse("del", false, argc, argv, &vip, &vport, &host,
			    &ctl_port);
	if (ret)
		return ret;
	return backend_transact(ctl, BATON_CLS_CMD_BACKEND_DEL, &vip, vport,
				&host, 0, "cannot delete the backend");
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
