/* SPDX-License-Identifier: GPL-2.0 */
/*
 * batonctl: shared definitions.
 *
 * batonctl is an object-verb tool in the style of ip(8):
 *
 *	batonctl [OPTIONS] OBJECT [VERB] [ARGS...]
 *
 * Every object lives in its own file and exports one struct ctl_object.
 * main.c lists the objects; adding one is a new file plus one line there.
 */
#ifndef BATONCTL_H
#define BATONCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <linux/baton.h>

#include "nl.h"

/* Exit status of the program, also the return value of every verb. */
enum ctl_exit {
	CTL_EXIT_OK	= 0,	/* success */
	CTL_EXIT_FAIL	= 1,	/* runtime, system or kernel error */
	CTL_EXIT_USAGE	= 2,	/* bad command line */
};

struct bnl;

/**
 * struct ctl - global state of one invocation
 * @batch: -b FILE given: the file of commands to run, or NULL
 * @json: -j given: print JSON instead of tables
 * @netns: -n NETNS given: the namespace to enter before opening the socket
 * @nl: the generic netlink socket, opened on first use by ctl_nl()
 * @nl_failed: opening it failed (and was reported) already
 * @in_file: running the commands of a file (-b or restore)
 */
struct ctl {
	const char *batch;
	bool json;
	const char *netns;
	struct bnl *nl;
	bool nl_failed;
	bool in_file;
};

/**
 * struct ctl_verb - one verb of an object
 * @name: the verb as typed ("show", "add"...)
 * @args: synopsis of its arguments for the help text, or NULL
 * @help: one-line description
 * @run: the verb; argv[0] is the first argument after the verb.
 *	 Returns an enum ctl_exit value.
 */
struct ctl_verb {
	const char *name;
	const char *args;
	const char *help;
	int (*run)(struct ctl *ctl, int argc, char **argv);
};

/**
 * struct ctl_object - an object of the command line
 * @name: the object as typed ("status", "flow"...)
 * @help: one-line description
 * @verbs: its verbs, terminated by an entry with a NULL name
 * @default_verb: the verb run when none is given ("show" for most
 *	objects, as in ip(8)), or NULL to require one
 * @command: a command of its own rather than an object ("save",
 *	"restore FILE"): every word after its name but "help" is an
 *	argument of its one verb, verbs[0], named after it
 */
struct ctl_object {
	const char *name;
	const char *help;
	const struct ctl_verb *verbs;
	const char *default_verb;
	bool command;
};

/* The objects, defined one per file. */
extern const struct ctl_object ctl_object_status;
extern const struct ctl_object ctl_object_version;
extern const struct ctl_object ctl_object_flow;
extern const struct ctl_object ctl_object_tunnel;
extern const struct ctl_object ctl_object_stats;
extern const struct ctl_object ctl_object_service;
extern const struct ctl_object ctl_object_backend;
extern const struct ctl_object ctl_object_migrator;
extern const struct ctl_object ctl_object_save;
extern const struct ctl_object ctl_object_restore;
extern const struct ctl_object ctl_object_rule;
extern const struct ctl_object ctl_object_monitor;


/*
 * The name of refusal reason @reason (enum baton_ctl_refuse_reason) as
 * in the JSON of "batonctl stats" ("no_listener"), or NULL if unknown.
 */
const char *ctl_refuse_name(unsigned int reason);

/* The names of enum baton_be_health, as "backend set ... health" takes. */
extern const char *const ctl_health_names[];

/**
 * struct ctl_addr - an IPv4 or IPv6 address from the command line
 * @family: AF_INET or AF_INET6
 * @len: 4 or 16
 * @bytes: the address, network order
 */
struct ctl_addr {
	int family;
	size_t len;
	uint8_t bytes[16];
};

/* Parse "192.0.2.1" or "2001:db8::1" (brackets allowed).  0 or -1. */
int ctl_parse_addr(const char *s, struct ctl_addr *addr);

/* Parse "192.0.2.1:80" or "[2001:db8::1]:80" (port 0 to 65535).  0 or -1. */
int ctl_parse_endpoint(const char *s, struct ctl_addr *addr, uint16_t *port);

/* Parse a decimal or 0x number up to @max.  0 or -1. */
int ctl_parse_u32(const char *s, uint32_t max, uint32_t *v);

/* Format @len (4 or 16) address bytes; "?" if the length is wrong. */
void ctl_format_addr(const void *bytes, size_t len, char *buf, size_t size);

/* The same with a port: "192.0.2.1:80" or "[2001:db8::1]:80". */
void ctl_format_endpoint(const void *bytes, size_t len, uint16_t port,
			 char *buf, size_t size);

/* Buffer sizes for ctl_format_addr() and an "[addr]:port" endpoint. */
#define CTL_ADDR_STR	48
#define CTL_ENDPOINT_STR	56

/* Print "batonctl: <message>" to stderr. */
void ctl_err(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/*
 * Room for one more element of @size bytes in @array, which holds @n
 * of *@cap: @array itself, or @array grown (doubled, or to @first
 * elements if empty) with *@cap updated.  NULL if out of memory, with
 * @array left as it was.
 */
void *ctl_grow(void *array, size_t n, size_t *cap, size_t size,
	       size_t first);

/* Write a duration for humans: "12.3s", "5m07s", "3h02m", "2d04h". */
void ctl_format_duration(uint64_t ms, char *buf, size_t size);

/*
 * Report a usage error: print "batonctl: <message>" and a hint to run
 * the help of @object (or the global help when @object is NULL) on
 * stderr.  Returns CTL_EXIT_USAGE.
 */
int ctl_usage_error(const struct ctl_object *object, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The index of @s in @names (entries may be NULL), or -1. */
static inline int ctl_find_name(const char *const *names, size_t n,
				const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (names[i] && !strcmp(names[i], s))
			return (int)i;
	return -1;
}

/* Fail with a usage error unless a verb got exactly no arguments. */
int ctl_no_args(const struct ctl_object *object, const char *verb,
		int argc, char **argv);

/*
 * The netlink socket of this invocation, opened (inside ctl->netns) on
 * first use.  Prints the reason and returns NULL if it cannot be opened.
 */
struct bnl *ctl_nl(struct ctl *ctl);

/*
 * The socket (in *@nlp) and the ID of generic netlink family @name.
 * Prints the reason ("baton_tunnel is not loaded") and returns -1 if
 * there is none.
 */
int ctl_family(struct ctl *ctl, const char *name, struct bnl **nlp);

/*
 * The ID of generic netlink family @name if it is registered, asked
 * without loading its module (bnl_family_peek()), or -ENOENT if it is
 * not.  Any other negative value: the socket could not be opened or
 * the lookup failed, and why was printed.
 */
int ctl_family_peek(struct ctl *ctl, const char *name);

/*
 * Run the commands of file @path ("-": stdin), one per line, until one
 * fails: "batonctl -b", or with @restore "batonctl restore", which
 * reports a failing line as "restore: line N: COMMAND" and returns
 * CTL_EXIT_FAIL for it.  Returns an enum ctl_exit value.
 */
int ctl_run_file(struct ctl *ctl, const char *path, bool restore);

/*
 * Send @cmd without attributes and feed the replies to @fn.  Returns
 * CTL_EXIT_OK, or CTL_EXIT_FAIL after printing "@what: <reason>".
 */
int ctl_get(struct bnl *nl, int family, uint8_t cmd, bnl_reply_fn fn,
	    void *arg, const char *what);

/* Add the attributes of a request described by @arg to @msg.  0 or < 0. */
typedef int (*ctl_put_fn)(struct nl_msg *msg, const void *arg);

/*
 * Send @cmd of generic netlink family @name with netlink @flags, its
 * attributes added by @put(msg, @put_arg) (@put NULL: none), and feed
 * the replies to @fn (may be NULL).  Returns CTL_EXIT_OK, or
 * CTL_EXIT_FAIL after printing why: the family is missing, "out of
 * memory" (@put failed too), or "@what: <reason>".
 */
int ctl_transact(struct ctl *ctl, const char *name, uint8_t cmd, int flags,
		 ctl_put_fn put, const void *put_arg, bnl_reply_fn fn,
		 void *arg, const char *what);

/*
 * Add the attributes of "OBJECT set ARGS" to @msg.  Returns 0, a usage
 * error after printing it, or < 0 if @msg is full.
 */
typedef int (*ctl_args_fn)(struct nl_msg *msg, int argc, char **argv);

/*
 * "OBJECT set ARGS": check the command line with @args before touching
 * the kernel, then send @cmd of family @name with the attributes of
 * @args inside a @nest nest.  Returns an enum ctl_exit value; "@what:
 * <reason>" if the kernel refuses.
 */
int ctl_set(struct ctl *ctl, const char *name, uint8_t cmd, int nest,
	    ctl_args_fn args, int argc, char **argv, const char *what);

/*
 * Services of baton_cls, shared by the service and backend objects
 * (service.c).
 *
 * Parse the "VIP:PORT" of a service (port 1 to 65535), argv[0], for
 * "@object @verb".  Returns 0, or a usage error after printing it (also
 * when it is missing).
 */
int ctl_parse_service(const struct ctl_object *object, const char *verb,
		      int argc, char **argv, struct ctl_addr *vip,
		      uint16_t *port);

/* Add a BATON_CLS_ATTR_SERVICE nest naming @vip:@port.  0 or -ENOMEM. */
int ctl_put_service(struct nl_msg *msg, const struct ctl_addr *vip,
		    uint16_t port);

/*
 * "@object show [VIP:PORT]": list every service, or the one of argv[0],
 * with its backends.  Returns an enum ctl_exit value.
 */
int ctl_service_list(struct ctl *ctl, const struct ctl_object *object,
		     int argc, char **argv);

/*
 * A backend as the kernel reported it: @host is "ADDR:CTLPORT" (IPv6 in
 * brackets), @addr the bare address; "" for an absent tunnel address,
 * has_* false for an absent weight or count of active connections.
 */
struct ctl_be_info {
	char host[CTL_ENDPOINT_STR];
	char addr[CTL_ADDR_STR];
	uint16_t ctl_port;
	uint8_t state;
	char tunnel4[CTL_ADDR_STR];
	char tunnel6[CTL_ADDR_STR];
	uint64_t migrated;
	uint64_t refused;
	uint32_t inflight;
	uint32_t weight;
	uint32_t active;
	bool has_weight;
	bool has_active;
	char group[BATON_GROUP_NAMSIZ];
	uint8_t health;
	bool has_health;
};

/*
 * A service as the kernel reported it, with its backends in the
 * kernel's order: @key is its VIP (@key_len bytes), @vip the same as
 * text; 0 for an absent head_max or decide_ms.
 */
struct ctl_svc_info {
	uint8_t family;
	uint8_t key[16];
	size_t key_len;
	uint16_t port;
	char vip[CTL_ADDR_STR];
	uint32_t head_max;
	uint32_t decide_ms;
	uint64_t accepted;
	uint32_t pending;
	uint8_t sched;
	bool has_sched;
	char default_group[BATON_GROUP_NAMSIZ];
	struct ctl_be_info *backends;
	size_t n_backends;
	size_t cap_backends;
};

/* The services of one reply or dump. */
struct ctl_rule_list;

struct ctl_svc_list {
	struct ctl_svc_info *svcs;
	size_t n;
	size_t cap;
	struct ctl_rule_list *rules;	/* not NULL: collect the rules too */
};

/*
 * Every service of baton_cls with its backends into @list (empty on
 * entry; ctl_svc_list_free() it, also on failure).  Returns an enum
 * ctl_exit value.
 */
int ctl_service_dump(struct ctl *ctl, struct ctl_svc_list *list);
void ctl_svc_list_free(struct ctl_svc_list *list);

/* The name of scheduler @sched ("wrr"...), or NULL if unknown. */
const char *ctl_sched_name(unsigned int sched);

/*
 * The tunnel settings of baton_tunnel (tunnel.c); "" for an absent
 * local address, 0 for an absent limit or timeout.  Index 0 of @max
 * and @timeout is the encap table, 1 the decap table.
 */
struct ctl_tunnel_info {
	char local4[CTL_ADDR_STR];
	char local6[CTL_ADDR_STR];
	char forwarders[BATON_TUNNEL_FORWARDERS_MAX][CTL_ADDR_STR];
	unsigned int n_forwarders;
	uint32_t max[2];
	uint32_t timeout[2];
};

/* Get them into @ti.  Returns an enum ctl_exit value. */
int ctl_tunnel_get(struct ctl *ctl, struct ctl_tunnel_info *ti);

/*
 * The settings of baton_mig (migrator.c); @hold_ms is 0 if the module
 * does not report it.
 */
struct ctl_mig_info {
	uint16_t port;
	uint32_t channels;
	uint32_t hold_ms;
};

/* Get them into @mi.  Returns an enum ctl_exit value. */
int ctl_migrator_get(struct ctl *ctl, struct ctl_mig_info *mi);

/**
 * struct ctl_rule_info - a content rule as the kernel reported it
 * @service: its service, "VIP:PORT"
 * @pos: its place in the service's list, from 1
 * @host: Host pattern, or NULL
 * @path: path prefix, or NULL
 * @sni: server name pattern, or NULL
 * @group: its group, or NULL if not reported
 * @matched: connections it matched
 */
struct ctl_rule_info {
	char service[CTL_ENDPOINT_STR];
	uint32_t pos;
	char *host, *path, *sni, *group;
	uint64_t matched;
};

/* The rules of every service, service by service, each in order. */
struct ctl_rule_list {
	struct ctl_rule_info *rules;
	size_t n, cap;
};

/* Dump every service's rules into @list.  An enum ctl_exit value. */
int ctl_rule_dump(struct ctl *ctl, struct ctl_rule_list *list);
/* The rules of one SERVICE_GET reply @msg into @arg, a ctl_rule_list. */
int ctl_rule_parse_reply(struct nl_msg *msg, void *arg);
void ctl_rule_list_free(struct ctl_rule_list *list);

#endif /* BATONCTL_H */
