// SPDX-License-Identifier: GPL-2.0
/*
 * batonctl: operator tool for the baton load balancer.
 *
 * Global options, the object table and the object/verb dispatcher.
 * To add an object, write OBJECT.c defining a struct ctl_object,
 * declare it in batonctl.h and list it in ctl_objects[] below.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/attr.h>

#include <baton/version.h>

#include "batonctl.h"
#include "nl.h"

static const struct ctl_object *const ctl_objects[] = {
	&ctl_object_status,
	&ctl_object_version,
	&ctl_object_flow,
	&ctl_object_tunnel,
	&ctl_object_service,
	&ctl_object_backend,
	&ctl_object_rule,
	&ctl_object_migrator,
	&ctl_object_stats,
	&ctl_object_save,
	&ctl_object_restore,
	&ctl_object_monitor,
	NULL,
};

static const struct option ctl_long_options[] = {
	{ "batch",	required_argument,	NULL, 'b' },
	{ "json",	no_argument,		NULL, 'j' },
	{ "netns",	required_argument,	NULL, 'n' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL,		0,			NULL, 0 },
};

/* '+': options end at the object; ':': report missing arguments. */
#define CTL_SHORT_OPTIONS	"+:b:jn:hV"

/* Most words on one line of a batch file, and what separates them. */
#define CTL_BATCH_ARGS	64
#define CTL_BLANKS	" \t\r\n"

/* Sentinel of parse_options(): go on and run the command. */
#define CTL_CONTINUE	(-1)

int ctl_usage_error(const struct ctl_object *object, const char *fmt, ...)
{
	va_list ap;

	fputs("batonctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (object)
		fprintf(stderr, "\nTry 'batonctl %s help' for more information.\n",
			object->name);
	else
		fputs("\nTry 'batonctl --help' for more information.\n", stderr);
	return CTL_EXIT_USAGE;
}

int ctl_no_args(const struct ctl_object *object, const char *verb,
		int argc, char **argv)
{
	if (argc > 0)
		return ctl_usage_error(object, "%s %s: unexpected argument '%s'",
				       object->name, verb, argv[0]);
	return CTL_EXIT_OK;
}

struct bnl *ctl_nl(struct ctl *ctl)
{
	if (!ctl->nl && !ctl->nl_failed) {
		ctl->nl = bnl_open(ctl->netns);
		ctl->nl_failed = !ctl->nl;
	}
	return ctl->nl;
}

int ctl_family_peek(struct ctl *ctl, const char *name)
{
	struct bnl *nl = ctl_nl(ctl);
	int id;

	if (!nl)
		return -EIO;
	id = bnl_family_peek(nl, name);
	if (id < 0 && id != -ENOENT)
		bnl_perror(nl, "cannot list the generic netlink families", id);
	return id;
}

int ctl_family(struct ctl *ctl, const char *name, struct bnl **nlp)
{
	struct bnl *nl = ctl_nl(ctl);
	int family;

	if (!nl)
		return -1;
	family = bnl_family(nl, name);
	if (family < 0) {
		if (family == -ENOENT)
			ctl_err("%s is not loaded", name);
		else
			bnl_perror(nl, "cannot find the generic netlink family",
				   family);
		return -1;
	}
	*nlp = nl;
	return family;
}

/* ctl_transact() on a family already resolved. */
static int ctl_request(struct bnl *nl, int family, uint8_t cmd, int flags,
		       ctl_put_fn put, const void *put_arg, bnl_reply_fn fn,
		       void *arg, const char *what)
{
	struct nl_msg *msg;
	int err;

	msg = bnl_request(family, cmd, flags);
	if (!msg || (put && put(msg, put_arg))) {
		nlmsg_free(msg);
		ctl_err("out of memory");
		return CTL_EXIT_FAIL;
	}
	err = bnl_transact(nl, msg, fn, arg);
	if (err) {
		bnl_perror(nl, what, err);
		return CTL_EXIT_FAIL;
	}
	return CTL_EXIT_OK;
}

int ctl_get(struct bnl *nl, int family, uint8_t cmd, bnl_reply_fn fn,
	    void *arg, const char *what)
{
	return ctl_request(nl, family, cmd, 0, NULL, NULL, fn, arg, what);
}

int ctl_transact(struct ctl *ctl, const char *name, uint8_t cmd, int flags,
		 ctl_put_fn put, const void *put_arg, bnl_reply_fn fn,
		 void *arg, const char *what)
{
	struct bnl *nl;
	int family;

	family = ctl_family(ctl, name, &nl);
	if (family < 0)
		return CTL_EXIT_FAIL;
	return ctl_request(nl, family, cmd, flags, put, put_arg, fn, arg, what);
}

/* The command line of a ctl_set(), for put_set(). */
struct set_req {
	int nest;
	ctl_args_fn args;
	int argc;
	char **argv;
};

/* The nest of a "set", its attributes added by the object: a ctl_put_fn. */
static int put_set(struct nl_msg *msg, const void *arg)
{
	const struct set_req *req = arg;
	struct nlattr *nest = nla_nest_start(msg, req->nest);

	if (!nest || req->args(msg, req->argc, req->argv))
		return -ENOMEM;
	nla_nest_end(msg, nest);
	return 0;
}

int ctl_set(struct ctl *ctl, const char *name, uint8_t cmd, int nest,
	    ctl_args_fn args, int argc, char **argv, const char *what)
{
	struct set_req req = {
		.nest = nest, .args = args, .argc = argc, .argv = argv,
	};
	struct nl_msg *msg;
	int ret;

	/* Check the command line before touching the kernel. */
	msg = nlmsg_alloc();
	if (!msg) {
		ctl_err("out of memory");
		return CTL_EXIT_FAIL;
	}
	ret = args(msg, argc, argv);
	nlmsg_free(msg);
	if (ret)
		return ret < 0 ? CTL_EXIT_FAIL : ret;

	return ctl_transact(ctl, name, cmd, 0, put_set, &req, NULL, NULL,
			    what);
}

/*
 * One help line per verb: "  status [show]         show ...".  A
 * synopsis too long for its column gets a line of its own, the help
 * the next one.
 */
static void print_verbs(FILE *out, const struct ctl_object *object)
{
	const struct ctl_verb *verb;
	char synopsis[256];
	bool dflt;

	for (verb = object->verbs; verb->name; verb++) {
		dflt = object->default_verb &&
		       !strcmp(object->default_verb, verb->name);
		if (object->command)
			snprintf(synopsis, sizeof(synopsis), "%s%s%s",
				 object->name, verb->args ? " " : "",
				 verb->args ? verb->args : "");
		else
			snprintf(synopsis, sizeof(synopsis), "%s %s%s%s%s%s",
				 object->name, dflt ? "[" : "", verb->name,
				 dflt ? "]" : "", verb->args ? " " : "",
				 verb->args ? verb->args : "");
		if (strlen(synopsis) > 30)
			fprintf(out, "  %s\n  %-30s %s\n", synopsis, "",
				verb->help);
		else
			fprintf(out, "  %-30s %s\n", synopsis, verb->help);
	}
}

static void print_usage(FILE *out)
{
	const struct ctl_object *const *object;

	fputs("Usage: batonctl [OPTIONS] OBJECT [VERB] [ARGS...]\n"
	      "\n"
	      "Operator tool for the baton load balancer.\n"
	      "\n"
	      "Options:\n"
	      "  -b, --batch FILE     run the commands of FILE (\"-\": stdin), one\n"
	      "                       per line, on one socket; stop at the first\n"
	      "                       that fails (see also 'restore')\n"
	      "  -j, --json           print JSON instead of tables\n"
	      "  -n, --netns NETNS    work in network namespace NETNS\n"
	      "                       (a name under /run/netns, or a path)\n"
	      "  -h, --help           print this help and exit\n"
	      "  -V, --version        print the version of batonctl and exit\n"
	      "\n"
	      "Commands:\n", out);
	for (object = ctl_objects; *object; object++)
		print_verbs(out, *object);
	fputs("\n"
	      "A verb in brackets is the default.  'batonctl OBJECT help' lists\n"
	      "the verbs of OBJECT.  'batonctl save > FILE' writes the configuration\n"
	      "(not the flows) as commands that 'batonctl restore FILE' applies.\n"
	      "Exit status: 0 success, 1 failure, 2 usage.\n",
	      out);
}

static void print_object_usage(FILE *out, const struct ctl_object *object)
{
	const char *args = object->verbs[0].args;

	if (object->command) {
		fprintf(out, "Usage: batonctl [OPTIONS] %s%s%s\n\n%s.\n",
			object->name, args ? " " : "", args ? args : "",
			object->help);
		return;
	}
	fprintf(out, "Usage: batonctl [OPTIONS] %s VERB [ARGS...]\n\n%s.\n\n"
		"Verbs:\n", object->name, object->help);
	print_verbs(out, object);
}

static const struct ctl_object *find_object(const char *name)
{
	const struct ctl_object *const *object;

	for (object = ctl_objects; *object; object++)
		if (!strcmp((*object)->name, name))
			return *object;
	return NULL;
}

static const struct ctl_verb *find_verb(const struct ctl_object *object,
					const char *name)
{
	const struct ctl_verb *verb;

	for (verb = object->verbs; verb->name; verb++)
		if (!strcmp(verb->name, name))
			return verb;
	return NULL;
}

/* Run "OBJECT [VERB] [ARGS...]"; argv[0] is the object. */
static int run_command(struct ctl *ctl, int argc, char **argv)
{
	const struct ctl_object *object;
	const struct ctl_verb *verb;
	const char *name;

	if (argc < 1)
		return ctl_usage_error(NULL, "missing object");
	if (!strcmp(argv[0], "help")) {
		print_usage(stdout);
		return CTL_EXIT_OK;
	}
	object = find_object(argv[0]);
	if (!object)
		return ctl_usage_error(NULL, "unknown object '%s'", argv[0]);
	argc--;
	argv++;

	if (argc > 0 && !strcmp(argv[0], "help")) {
		print_object_usage(stdout, object);
		return CTL_EXIT_OK;
	}
	if (object->command)
		return object->verbs[0].run(ctl, argc, argv);
	name = argc > 0 ? argv[0] : object->default_verb;
	if (!name)
		return ctl_usage_error(object, "%s: missing verb", object->name);
	verb = find_verb(object, name);
	if (!verb)
		return ctl_usage_error(object, "%s: unknown verb '%s'",
				       object->name, name);
	if (argc > 0) {
		argc--;
		argv++;
	}
	return verb->run(ctl, argc, argv);
}

/*
 * Split @line into @argv (CTL_BATCH_ARGS entries) at blanks.  Returns
 * the number of words: 0 for an empty line or a comment (its first
 * word starts with '#', however long it is), -1 if there are too many.
 */
static int split_line(char *line, char **argv)
{
	char *tok, *save;
	int argc = 0;

	line += strspn(line, CTL_BLANKS);
	if (!*line || *line == '#')
		return 0;
	for (tok = strtok_r(line, CTL_BLANKS, &save); tok;
	     tok = strtok_r(NULL, CTL_BLANKS, &save)) {
		if (argc == CTL_BATCH_ARGS)
			return -1;
		argv[argc++] = tok;
	}
	return argc;
}

/* @line without its leading and trailing blanks, for a message. */
static const char *trim_line(char *line)
{
	size_t len;

	line += strspn(line, CTL_BLANKS);
	len = strlen(line);
	while (len && strchr(CTL_BLANKS, line[len - 1]))
		line[--len] = '\0';
	return line;
}

/*
 * Run line @lineno of @path, @line: its status.  A failure is reported
 * after the command's own message: "@path:N: command failed", or with
 * @restore "restore: line N: COMMAND" (@line trimmed) and CTL_EXIT_FAIL.
 */
static int run_line(struct ctl *ctl, const char *path, unsigned int lineno,
		    char *line, bool restore)
{
	char *argv[CTL_BATCH_ARGS], *words;
	int argc, ret;

	words = strdup(line);
	if (!words) {
		ctl_err("out of memory");
		return CTL_EXIT_FAIL;
	}
	argc = split_line(words, argv);
	if (argc < 0 && !restore) {
		ret = ctl_usage_error(NULL, "%s:%u: too many words", path,
				      lineno);
		free(words);
		return ret;
	}
	if (argc < 0) {
		ctl_err("too many words (at most %d)", CTL_BATCH_ARGS);
		ret = CTL_EXIT_USAGE;
	} else {
		ret = argc ? run_command(ctl, argc, argv) : CTL_EXIT_OK;
	}
	free(words);
	if (ret && restore) {
		ctl_err("restore: line %u: %s", lineno, trim_line(line));
		return CTL_EXIT_FAIL;
	}
	if (ret)
		ctl_err("%s:%u: command failed", path, lineno);
	return ret;
}

int ctl_run_file(struct ctl *ctl, const char *path, bool restore)
{
	FILE *in = strcmp(path, "-") ? fopen(path, "r") : stdin;
	unsigned int lineno = 0;
	int ret = CTL_EXIT_OK;
	char *line = NULL;
	bool in_file;
	size_t cap = 0;

	if (!in) {
		ctl_err("cannot open %s: %s", path, strerror(errno));
		return CTL_EXIT_FAIL;
	}
	in_file = ctl->in_file;
	ctl->in_file = true;
	while (ret == CTL_EXIT_OK && getline(&line, &cap, in) != -1)
		ret = run_line(ctl, path, ++lineno, line, restore);
	/* getline() fails at the end of the file and on a read error. */
	if (ret == CTL_EXIT_OK && ferror(in)) {
		ctl_err("cannot read %s: %s",
			in == stdin ? "standard input" : path, strerror(errno));
		ret = CTL_EXIT_FAIL;
	}
	ctl->in_file = in_file;
	free(line);
	if (in != stdin)
		fclose(in);
	return ret;
}

/* Parse the global options; CTL_CONTINUE means run the command. */
static int parse_options(struct ctl *ctl, int argc, char **argv)
{
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, CTL_SHORT_OPTIONS,
				ctl_long_options, NULL)) != -1) {
		switch (c) {
		case 'b':
			ctl->batch = optarg;
			break;
		case 'j':
			ctl->json = true;
			break;
		case 'n':
			if (!optarg[0])
				return ctl_usage_error(NULL, "empty network namespace name");
			ctl->netns = optarg;
			break;
		case 'h':
			print_usage(stdout);
			return CTL_EXIT_OK;
		case 'V':
			printf("batonctl %s\n", BATON_VERSION);
			return CTL_EXIT_OK;
		case ':':
			if (!strncmp(argv[optind - 1], "--", 2))
				return ctl_usage_error(NULL, "option '%s' requires an argument",
						       argv[optind - 1]);
			return ctl_usage_error(NULL, "option '-%c' requires an argument",
					       optopt);
		default:
			if (optopt)
				return ctl_usage_error(NULL, "invalid option '-%c'",
						       optopt);
			return ctl_usage_error(NULL, "unrecognized option '%s'",
					       argv[optind - 1]);
		}
	}
	return CTL_CONTINUE;
}

/* Stdout is buffered: a full disk or closed pipe shows up only here. */
static int flush_stdout(int ret)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		ctl_err("write error: %s", strerror(errno));
		return CTL_EXIT_FAIL;
	}
	return ret;
}

int main(int argc, char **argv)
{
	struct ctl ctl = { .json = false };
	int ret;

	ret = parse_options(&ctl, argc, argv);
	if (ret == CTL_CONTINUE && ctl.batch && argc > optind)
		ret = ctl_usage_error(NULL, "a command and -b at once");
	else if (ret == CTL_CONTINUE && ctl.batch)
		ret = ctl_run_file(&ctl, ctl.batch, false);
	else if (ret == CTL_CONTINUE)
		ret = run_command(&ctl, argc - optind, argv + optind);
	bnl_close(ctl.nl);
	return flush_stdout(ret);
}
