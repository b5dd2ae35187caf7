// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: a policy-driven fuzzer of baton's generic netlink families.
 *
 *	nlfuzz [-s SEED] [-n COUNT] [-t SECONDS] [-x] [-v...] [FAMILY...]
 *
 * For each family (default: the four baton families; asking for one
 * by name loads its module, as for batonctl) it asks the controller for the commands
 * (CTRL_CMD_GETFAMILY) and for the attribute policies of each
 * (CTRL_CMD_GETPOLICY), then sends COUNT requests (or for SECONDS),
 * each to a random command, do or dump, with a random set of
 * attributes:
 *
 *  - most attributes follow the policy's type, with values at and
 *    around its bounds, addresses from the documentation ranges and
 *    small ports, so that requests get past validation into the
 *    handlers; attributes the dump leaves out (6.1 does not describe
 *    big-endian integers) are guessed, and guesses the kernel refuses
 *    (the extended ACK points at them) are not made again;
 *  - some break it: wrong lengths, unknown types, duplicated or
 *    truncated attributes, a nest of garbage, a header whose length
 *    lies.
 *
 * Every request must be answered (an ACK, an error, or a dump ending
 * in NLMSG_DONE) within five seconds.  It is meant to run as root in a
 * throw-away namespace of the test VM: it really adds and deletes
 * services, flows and settings.  The kernel's part of the verdict (no
 * splat, no leak) is the VM harness's.
 *
 * Seven requests in ten keep to the policy; the others are hostile.
 *
 * Prints one line per family and command: requests, acknowledged,
 * refused by errno, and refusals with no extended ACK message (but for
 * EPERM, which the core gives for missing capabilities, and for the
 * unknown commands sent on purpose, which the core refuses alike);
 * with -x such a refusal fails the run.
 *
 * Exit status: 0 if every request was answered (and -x held), 1 if
 * not, 2 on usage errors.
 */
#include <errno.h>
#include <getopt.h>
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include <linux/baton.h>

#define MAX_FAMILIES	8
#define MAX_OPS		64
#define MAX_POLICIES	64
#define MAX_ATTRS	64	/* attribute types per policy */
#define MSG_MAX		8192	/* a request's size */
#define NEST_DEPTH	3
#define ERRNO_MAX	134	/* errno values counted one by one */
#define RECV_TIMEOUT_S	5

/**
 * struct pattr - one attribute of a policy, as the controller told it
 * @nl_type: enum netlink_attribute_type; NL_ATTR_TYPE_INVALID if absent
 * @min_u: @max_u: unsigned range (@has_u)
 * @min_s: @max_s: signed range (@has_s)
 * @min_len: @max_len: length range for binary and strings (@has_len)
 * @nested: sub policy index of a nest (@has_nested)
 * @guess: for an attribute the dump leaves out: 0, guess a be16; 1, a
 *	be32; 2, the kernel refused both, do not guess (but when hostile)
 */
struct pattr {
	uint32_t nl_type;
	uint8_t guess;
	uint64_t min_u, max_u;
	int64_t min_s, max_s;
	uint32_t min_len, max_len;
	uint32_t nested;
	bool has_u, has_s, has_len, has_nested;
};

struct policy {
	bool present;
	uint32_t maxtype;
	struct pattr attrs[MAX_ATTRS];
};

struct op_stats {
	unsigned long sent, acked, refused, no_msg;
	unsigned long by_errno[ERRNO_MAX + 1];
};

struct op {
	uint32_t cmd;
	uint32_t flags;		/* GENL_CMD_CAP_*, GENL_*ADMIN_PERM */
	int do_policy;		/* -1: none */
	int dump_policy;
	struct op_stats st;
};

struct family {
	char name[GENL_NAMSIZ];
	int id;
	uint32_t version;
	int nops;
	struct op ops[MAX_OPS];
	struct policy policies[MAX_POLICIES];
};

static struct nl_sock *sk;
static uint32_t seq = 1;
static uint64_t rng_state;
static int verbose;
static bool require_extack;
/*
 * The request being built breaks the policy (out-of-range values,
 * wrong lengths, unknown attributes); otherwise it keeps to it, so as
 * to reach the handlers.
 */
static bool hostile;

/* ------------------------------------------------------------ random */

static uint64_t rnd(void)
{
	/* xorshift64*: repeatable from the seed */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static uint32_t rnd_below(uint32_t n)
{
	return n ? (uint32_t)(rnd() % n) : 0;
}

static bool chance(unsigned int percent)
{
	return rnd_below(100) < percent;
}

/* --------------------------------------------------------- messages */

struct buf {
	uint8_t data[MSG_MAX];
	size_t len;
};

static void *buf_put(struct buf *b, size_t len)
{
	void *p;

	if (b->len + NLA_ALIGN(len) > sizeof(b->data))
		return NULL;
	p = b->data + b->len;
	memset(p, 0, NLA_ALIGN(len));
	b->len += NLA_ALIGN(len);
	return p;
}

/* An attribute header and @len bytes of @val (NULL: zeros). */
static struct nlattr *put_attr(struct buf *b, uint16_t type, const void *val,
			       size_t len)
{
	struct nlattr *a = buf_put(b, NLA_HDRLEN + len);

	if (!a)
		return NULL;
	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	if (val && len)
		memcpy((uint8_t *)a + NLA_HDRLEN, val, len);
	return a;
}

static void fill_random(uint8_t *p, size_t len)
{
	while (len--)
		*p++ = (uint8_t)rnd();
}

/* The guesses of the request being built: where, and of what. */
#define MAX_GUESSES	64
static struct {
	size_t off;
	struct pattr *pa;
} guesses[MAX_GUESSES];
static unsigned int nguesses;

/* ----------------------------------------------------------- values */

/* An unsigned value of @bytes bytes, near the bounds or anywhere. */
static uint64_t pick_unsigned(const struct pattr *pa, unsigned int bytes)
{
	uint64_t max = bytes == 8 ? UINT64_MAX : (1ULL << (8 * bytes)) - 1;
	uint64_t lo = pa->has_u ? pa->min_u : 0;
	uint64_t hi = pa->has_u ? pa->max_u : max;
	uint64_t range;

	switch (rnd_below(hostile ? 10 : 3) + (hostile ? 0 : 7)) {
	case 0:
		return lo;
	case 1:
		return hi;
	case 2:
		return lo ? lo - 1 : 0;
	case 3:
		return hi < max ? hi + 1 : hi;
	case 4:
		return max;
	case 5:
		return rnd() & max;
	case 6:
		return rnd_below(3);	/* 0, 1, 2: ids, flags, families */
	default:
		/* in range, small ones likelier (counts, indexes) */
		range = hi - lo;
		if (range < 1024)
			return lo + rnd() % (range + 1);
		if (chance(50))
			return lo + rnd() % 1024;
		return lo + (range == UINT64_MAX ? rnd() : rnd() % (range + 1));
	}
}

/* A plausible binary value: an address of the documentation ranges. */
static size_t pick_binary(const struct pattr *pa, uint8_t *p, size_t room)
{
	static const uint8_t v4[][4] = {
		{ 198, 51, 100, 100 }, { 192, 0, 2, 11 }, { 192, 0, 2, 1 },
		{ 203, 0, 113, 11 }, { 0, 0, 0, 0 }, { 255, 255, 255, 255 },
	};
	static const uint8_t v6[][16] = {
		{ 0x20, 0x01, 0x0d, 0xb8, [15] = 1 },
		{ 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 0x11 },
		{ [10] = 0xff, [11] = 0xff, 192, 0, 2, 1 },	/* v4-mapped */
		{ 0 },
	};
	uint32_t lo = pa->has_len ? pa->min_len : 0;
	uint32_t hi = pa->has_len && pa->max_len ? pa->max_len : 64;
	size_t len;

	/*
	 * Keeping to the policy, few addresses: a later request then often
	 * names what an earlier one made (a backend of a service).
	 */
	switch (hostile ? rnd_below(6) : rnd_below(2)) {
	case 0:
		memcpy(p, v4[rnd_below(hostile ? 6 : 2)], 4);
		return 4;
	case 1:
		memcpy(p, v6[rnd_below(hostile ? 4 : 2)], 16);
		return 16;
	case 2:
		len = hi;
		break;
	case 3:
		len = lo;
		break;
	case 4:
		len = hi + 1 + rnd_below(8);
		break;
	default:
		len = lo + rnd_below(hi - lo + 1);
		break;
	}
	if (len > room)
		len = room;
	fill_random(p, len);
	return len;
}

static size_t pick_string(const struct pattr *pa, uint8_t *p, size_t room,
			  bool nul)
{
	static const char *const words[] = {
		"default", "web", "api", "example.com", "*.example.com",
		"/v2/", "rr", "wrr", "lc", "maglev", "", "a", "..", "*",
		"\xff\xfe", "x%sx%nx",
	};
	uint32_t max = pa->has_len && pa->max_len ? pa->max_len : 32;
	size_t len;

	if (!hostile || chance(60)) {
		const char *w = words[rnd_below(sizeof(words) / sizeof(words[0]))];

		len = strlen(w);
		if (len + 1 > room)
			len = room - 1;
		memcpy(p, w, len);
	} else {
		len = rnd_below(max + 4);
		if (len + 1 > room)
			len = room - 1;
		fill_random(p, len);
	}
	/* usually terminated; a NUL_STRING without its NUL is an error */
	if (nul || chance(80))
		p[len++] = '\0';
	return len;
}

static void put_policy_attrs(struct family *f, struct buf *b, int policy,
			     int depth);

/* One attribute of type @type under @pa, valid or nearly. */
static void put_one(struct family *f, struct buf *b, uint16_t type,
		    const struct pattr *pa, int depth)
{
	uint8_t val[256];
	size_t len, start;
	struct nlattr *nest;
	uint64_t u;
	unsigned int i, n;

	switch (pa->nl_type) {
	case NL_ATTR_TYPE_FLAG:
		put_attr(b, type, NULL, !hostile || chance(80) ? 0 : 4);
		return;
	case NL_ATTR_TYPE_U8:
	case NL_ATTR_TYPE_S8:
		u = pick_unsigned(pa, 1);
		/*
		 * Address families, often wanted beside an address: for a
		 * u8 of the whole range (6.1 dumps a range for all).
		 */
		if (!hostile && (!pa->has_u || pa->max_u == 255) && chance(70))
			u = chance(50) ? AF_INET : AF_INET6;
		val[0] = (uint8_t)u;
		put_attr(b, type, val, 1);
		return;
	case NL_ATTR_TYPE_U16:
	case NL_ATTR_TYPE_S16: {
		uint16_t v = (uint16_t)pick_unsigned(pa, 2);

		put_attr(b, type, &v, 2);
		return;
	}
	case NL_ATTR_TYPE_U32:
	case NL_ATTR_TYPE_S32:
	case NL_ATTR_TYPE_BITFIELD32: {
		uint32_t v = (uint32_t)pick_unsigned(pa, 4);

		if (pa->nl_type == NL_ATTR_TYPE_BITFIELD32) {
			uint32_t bf[2] = { v, (uint32_t)rnd() };

			put_attr(b, type, bf, sizeof(bf));
			return;
		}
		put_attr(b, type, &v, 4);
		return;
	}
	case NL_ATTR_TYPE_U64:
	case NL_ATTR_TYPE_S64:
		u = pick_unsigned(pa, 8);
		put_attr(b, type, &u, 8);
		return;
	case NL_ATTR_TYPE_STRING:
	case NL_ATTR_TYPE_NUL_STRING:
		len = pick_string(pa, val, sizeof(val),
				  !hostile || (pa->nl_type == NL_ATTR_TYPE_NUL_STRING &&
					       chance(80)));
		put_attr(b, type, val, len);
		return;
	case NL_ATTR_TYPE_NESTED:
	case NL_ATTR_TYPE_NESTED_ARRAY:
		start = b->len;
		nest = put_attr(b, (uint16_t)(type | NLA_F_NESTED), NULL, 0);
		if (!nest)
			return;
		if (depth < NEST_DEPTH && pa->has_nested) {
			if (pa->nl_type == NL_ATTR_TYPE_NESTED) {
				put_policy_attrs(f, b, (int)pa->nested,
						 depth + 1);
			} else {
				n = rnd_below(4);
				for (i = 0; i < n; i++) {
					size_t in = b->len;
					struct nlattr *e;

					e = put_attr(b, (uint16_t)((i + 1) |
							NLA_F_NESTED), NULL, 0);
					if (!e)
						break;
					put_policy_attrs(f, b,
							 (int)pa->nested,
							 depth + 1);
					e = (struct nlattr *)(b->data + in);
					e->nla_len = (uint16_t)(b->len - in);
				}
			}
		} else if (chance(50)) {
			len = rnd_below(32);
			fill_random(val, len);
			put_attr(b, 1, val, len);
		}
		nest = (struct nlattr *)(b->data + start);
		nest->nla_len = (uint16_t)(b->len - start);
		return;
	case NL_ATTR_TYPE_BINARY:
	default:
		len = pick_binary(pa, val, sizeof(val));
		put_attr(b, type, val, len);
		return;
	}
}

/* A broken attribute: wrong size, unknown type, garbage nest. */
static void put_broken(struct family *f, struct buf *b, int policy)
{
	struct policy *p = &f->policies[policy];
	uint8_t val[80];
	uint16_t type;
	size_t len;

	type = (uint16_t)(chance(70) && p->maxtype ?
			  1 + rnd_below(p->maxtype) :
			  p->maxtype + 1 + rnd_below(64));
	if (chance(10))
		type |= NLA_F_NESTED;
	len = rnd_below(sizeof(val));
	fill_random(val, len);
	put_attr(b, type, val, len);
}

/*
 * An attribute the policy dump does not describe: a be16, or a be32 if
 * the kernel refused that, or nothing if it refused both.
 */
static void put_guess(struct buf *b, uint16_t type, struct pattr *pa)
{
	size_t off = b->len;
	uint32_t v32;
	uint16_t v16;

	if (pa->guess >= 2 && !hostile)
		return;
	static const uint16_t ports[] = { 80, 443, 7280 };

	if (pa->guess == 0 || (hostile && chance(50))) {
		v16 = htons(hostile ? (uint16_t)rnd() : ports[rnd_below(3)]);
		put_attr(b, type, &v16, 2);
	} else {
		v32 = htonl((uint32_t)(hostile ? rnd() : 1 + rnd_below(1024)));
		put_attr(b, type, &v32, 4);
	}
	if (!hostile && nguesses < MAX_GUESSES) {
		guesses[nguesses].off = off;
		guesses[nguesses].pa = pa;
		nguesses++;
	}
}

/* The kernel refused the attribute at @off: if it was a guess, learn. */
static void learn_refusal(uint32_t off)
{
	unsigned int i;

	for (i = 0; off && i < nguesses; i++)
		if (guesses[i].off == off && guesses[i].pa->guess < 2)
			guesses[i].pa->guess++;
}

/* Attributes of policy @policy: a random subset, a few broken. */
static void put_policy_attrs(struct family *f, struct buf *b, int policy,
			     int depth)
{
	struct policy *p;
	uint32_t t, n;

	if (policy < 0 || policy >= MAX_POLICIES || !f->policies[policy].present)
		return;
	p = &f->policies[policy];
	for (t = 1; t <= p->maxtype && t < MAX_ATTRS; t++) {
		const struct pattr *pa = &p->attrs[t];

		if (pa->nl_type == NL_ATTR_TYPE_INVALID) {
			/*
			 * Not in the dump: 6.1 leaves out big-endian
			 * integers (and rejected attributes).  Guess a
			 * port, in network order, or a be32.
			 */
			if (chance(hostile ? 20 : 85))
				put_guess(b, (uint16_t)t, &p->attrs[t]);
			continue;
		}
		if (!chance(hostile ? 50 : 85))
			continue;
		put_one(f, b, (uint16_t)t, pa, depth);
		if (hostile && chance(5))	/* twice */
			put_one(f, b, (uint16_t)t, pa, depth);
	}
	n = hostile && chance(50) ? 1 + rnd_below(3) : 0;
	while (n--)
		put_broken(f, b, policy);
}

/* ------------------------------------------------------ the exchange */

static int send_raw(struct buf *b)
{
	return nl_sendto(sk, b->data, b->len);
}

/* Start a request for @cmd of family @id in @b: headers only. */
static void start_request(struct buf *b, int id, uint8_t cmd, uint16_t flags,
			  uint8_t version)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	memset(b, 0, sizeof(*b));
	nlh = buf_put(b, NLMSG_HDRLEN);
	nlh->nlmsg_type = (uint16_t)id;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = seq++;
	g = buf_put(b, GENL_HDRLEN);
	g->cmd = cmd;
	g->version = version;
}

static void finish_request(struct buf *b)
{
	((struct nlmsghdr *)b->data)->nlmsg_len = (uint32_t)b->len;
}

static char last_msg[256];
static uint32_t last_offs;	/* NLMSGERR_ATTR_OFFS, or 0 */

/*
 * Whether the extended ACK TLVs at @off in @nlh's payload have a text;
 * the text goes to last_msg.
 */
static bool ack_has_msg(const struct nlmsghdr *nlh, size_t off)
{
	const struct nlattr *a;
	int rem;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) ||
	    NLMSG_HDRLEN + off > nlh->nlmsg_len)
		return false;
	a = (const struct nlattr *)((const uint8_t *)NLMSG_DATA(nlh) + off);
	rem = (int)(nlh->nlmsg_len - NLMSG_HDRLEN - off);
	while (rem >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= rem) {
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_OFFS &&
		    a->nla_len >= NLA_HDRLEN + 4)
			memcpy(&last_offs, (const uint8_t *)a + NLA_HDRLEN, 4);
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG)
			snprintf(last_msg, sizeof(last_msg), "%.*s",
				 (int)(a->nla_len - NLA_HDRLEN),
				 (const char *)a + NLA_HDRLEN);
		rem -= NLA_ALIGN(a->nla_len);
		a = (const struct nlattr *)((const uint8_t *)a +
					    NLA_ALIGN(a->nla_len));
	}
	return last_msg[0] != '\0';
}

/*
 * Read the answer of the request numbered @want_seq: its final ACK,
 * error or NLMSG_DONE.  @cb, if set, sees every message.  Returns 0
 * (acknowledged), -errno (refused; *@has_msg tells whether it carried
 * an extended ACK message), or 1 if nothing came in time.  A dump's
 * NLMSG_DONE carries its status: 0, or the error that ended it.
 */
static int read_answer(uint32_t want_seq, bool *has_msg,
		       int (*cb)(struct nlmsghdr *, void *), void *arg)
{
	struct sockaddr_nl peer;
	unsigned char *data;
	struct nlmsghdr *nlh;
	int n, len;

	*has_msg = false;
	last_msg[0] = '\0';
	last_offs = 0;
	for (;;) {
		n = nl_recv(sk, &peer, &data, NULL);
		if (n <= 0)
			return 1;	/* timed out (0) or failed */
		len = n;
		for (nlh = (struct nlmsghdr *)data; NLMSG_OK(nlh, len);
		     nlh = NLMSG_NEXT(nlh, len)) {
			if (nlh->nlmsg_seq != want_seq)
				continue;	/* late answer of a timed-out one */
			if (nlh->nlmsg_type == NLMSG_DONE) {
				/* a dump's end: its status, then TLVs */
				int err = 0;

				if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(int))
					memcpy(&err, NLMSG_DATA(nlh), sizeof(int));
				*has_msg = ack_has_msg(nlh, sizeof(int));
				free(data);
				return err;
			}
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(nlh);
				int err = e->error;
				size_t off = sizeof(*e);

				if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
					off += e->msg.nlmsg_len - NLMSG_HDRLEN;
				*has_msg = ack_has_msg(nlh, off);
				free(data);
				return err;
			}
			if (cb && cb(nlh, arg)) {
				free(data);
				return -EBADMSG;
			}
		}
		free(data);
	}
}

/* ------------------------------------------------- the controller */

static int parse_nested(struct nlattr *nest, struct nlattr **tb, int max)
{
	return nla_parse_nested(tb, max, nest, NULL);
}

static int family_cb(struct nlmsghdr *nlh, void *arg)
{
	struct family *f = arg;
	struct nlattr *tb[CTRL_ATTR_MAX + 1], *op;
	struct nlattr *otb[CTRL_ATTR_OP_MAX + 1];
	int rem;

	if (genlmsg_parse(nlh, 0, tb, CTRL_ATTR_MAX, NULL) ||
	    !tb[CTRL_ATTR_FAMILY_ID])
		return -1;
	f->id = nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	if (tb[CTRL_ATTR_VERSION])
		f->version = nla_get_u32(tb[CTRL_ATTR_VERSION]);
	if (!tb[CTRL_ATTR_OPS])
		return 0;
	nla_for_each_nested(op, tb[CTRL_ATTR_OPS], rem) {
		struct op *o;

		if (f->nops == MAX_OPS || parse_nested(op, otb, CTRL_ATTR_OP_MAX) ||
		    !otb[CTRL_ATTR_OP_ID])
			continue;
		o = &f->ops[f->nops++];
		memset(o, 0, sizeof(*o));
		o->cmd = nla_get_u32(otb[CTRL_ATTR_OP_ID]);
		o->flags = otb[CTRL_ATTR_OP_FLAGS] ?
			   nla_get_u32(otb[CTRL_ATTR_OP_FLAGS]) : 0;
		o->do_policy = -1;
		o->dump_policy = -1;
	}
	return 0;
}

static struct op *find_op(struct family *f, uint32_t cmd)
{
	int i;

	for (i = 0; i < f->nops; i++)
		if (f->ops[i].cmd == cmd)
			return &f->ops[i];
	return NULL;
}

static void parse_pattr(struct nlattr *a, struct pattr *pa)
{
	struct nlattr *tb[NL_POLICY_TYPE_ATTR_MAX + 1];

	memset(pa, 0, sizeof(*pa));
	if (parse_nested(a, tb, NL_POLICY_TYPE_ATTR_MAX) ||
	    !tb[NL_POLICY_TYPE_ATTR_TYPE])
		return;
	pa->nl_type = nla_get_u32(tb[NL_POLICY_TYPE_ATTR_TYPE]);
	if (tb[NL_POLICY_TYPE_ATTR_MIN_VALUE_U] &&
	    tb[NL_POLICY_TYPE_ATTR_MAX_VALUE_U]) {
		pa->has_u = true;
		pa->min_u = nla_get_u64(tb[NL_POLICY_TYPE_ATTR_MIN_VALUE_U]);
		pa->max_u = nla_get_u64(tb[NL_POLICY_TYPE_ATTR_MAX_VALUE_U]);
	}
	if (tb[NL_POLICY_TYPE_ATTR_MIN_VALUE_S] &&
	    tb[NL_POLICY_TYPE_ATTR_MAX_VALUE_S]) {
		pa->has_s = true;
		pa->min_s = (int64_t)nla_get_u64(tb[NL_POLICY_TYPE_ATTR_MIN_VALUE_S]);
		pa->max_s = (int64_t)nla_get_u64(tb[NL_POLICY_TYPE_ATTR_MAX_VALUE_S]);
	}
	if (tb[NL_POLICY_TYPE_ATTR_MIN_LENGTH] ||
	    tb[NL_POLICY_TYPE_ATTR_MAX_LENGTH]) {
		pa->has_len = true;
		if (tb[NL_POLICY_TYPE_ATTR_MIN_LENGTH])
			pa->min_len = nla_get_u32(tb[NL_POLICY_TYPE_ATTR_MIN_LENGTH]);
		if (tb[NL_POLICY_TYPE_ATTR_MAX_LENGTH])
			pa->max_len = nla_get_u32(tb[NL_POLICY_TYPE_ATTR_MAX_LENGTH]);
	}
	if (tb[NL_POLICY_TYPE_ATTR_POLICY_IDX]) {
		pa->has_nested = true;
		pa->nested = nla_get_u32(tb[NL_POLICY_TYPE_ATTR_POLICY_IDX]);
	}
}

static int policy_cb(struct nlmsghdr *nlh, void *arg)
{
	struct family *f = arg;
	struct nlattr *tb[CTRL_ATTR_MAX + 1], *pol, *at, *op, *x;
	struct nlattr *ptb[CTRL_ATTR_POLICY_DUMP_MAX + 1];
	int rem, rem2;

	if (genlmsg_parse(nlh, 0, tb, CTRL_ATTR_MAX, NULL))
		return -1;
	if (tb[CTRL_ATTR_POLICY]) {
		nla_for_each_nested(pol, tb[CTRL_ATTR_POLICY], rem) {
			uint32_t idx = nla_type(pol);
			struct policy *p;

			if (idx >= MAX_POLICIES)
				continue;
			p = &f->policies[idx];
			p->present = true;
			nla_for_each_nested(at, pol, rem2) {
				uint32_t t = nla_type(at);

				if (t >= MAX_ATTRS)
					continue;
				parse_pattr(at, &p->attrs[t]);
				if (t > p->maxtype)
					p->maxtype = t;
			}
		}
	}
	if (tb[CTRL_ATTR_OP_POLICY]) {
		nla_for_each_nested(op, tb[CTRL_ATTR_OP_POLICY], rem) {
			struct op *o = find_op(f, nla_type(op));

			if (!o || parse_nested(op, ptb, CTRL_ATTR_POLICY_DUMP_MAX))
				continue;
			x = ptb[CTRL_ATTR_POLICY_DO];
			if (x)
				o->do_policy = (int)nla_get_u32(x);
			x = ptb[CTRL_ATTR_POLICY_DUMP];
			if (x)
				o->dump_policy = (int)nla_get_u32(x);
		}
	}
	return 0;
}

/* The commands and policies of family @f->name.  0, or -errno. */
static int learn_family(struct family *f)
{
	struct buf b;
	bool has_msg;
	int ret;

	start_request(&b, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0, 1);
	put_attr(&b, CTRL_ATTR_FAMILY_NAME, f->name, strlen(f->name) + 1);
	finish_request(&b);
	if (send_raw(&b) < 0)
		return -EIO;
	ret = read_answer(seq - 1, &has_msg, family_cb, f);
	if (ret)
		return ret > 0 ? -ETIMEDOUT : ret;

	start_request(&b, GENL_ID_CTRL, CTRL_CMD_GETPOLICY, NLM_F_DUMP, 1);
	put_attr(&b, CTRL_ATTR_FAMILY_NAME, f->name, strlen(f->name) + 1);
	finish_request(&b);
	if (send_raw(&b) < 0)
		return -EIO;
	ret = read_answer(seq - 1, &has_msg, policy_cb, f);
	if (ret == -ENODATA)	/* no command of the family has attributes */
		return 0;
	return ret > 0 ? -ETIMEDOUT : ret;
}

/* ------------------------------------------------------------- fuzz */

/* -vvv: what the controller told of family @f. */
static void dump_family(const struct family *f)
{
	int i;
	uint32_t t;

	for (i = 0; i < f->nops; i++)
		printf("# %s cmd %u flags %#x do %d dump %d\n", f->name,
		       f->ops[i].cmd, f->ops[i].flags, f->ops[i].do_policy,
		       f->ops[i].dump_policy);
	for (i = 0; i < MAX_POLICIES; i++) {
		if (!f->policies[i].present)
			continue;
		for (t = 0; t <= f->policies[i].maxtype; t++) {
			const struct pattr *pa = &f->policies[i].attrs[t];

			if (pa->nl_type)
				printf("# %s policy %d attr %u type %u nested %d\n",
				       f->name, i, t, pa->nl_type,
				       pa->has_nested ? (int)pa->nested : -1);
		}
	}
}

static const char *const all_families[] = {
	BATON_TUNNEL_GENL_NAME, BATON_FWD_GENL_NAME, BATON_CLS_GENL_NAME,
	BATON_MIG_GENL_NAME,
};

/* Send one random request to family @f.  false if it went unanswered. */
static bool fuzz_one(struct family *f)
{
	struct op *o = &f->ops[rnd_below((uint32_t)f->nops)];
	bool dump, has_msg, unknown;
	struct buf b;
	uint32_t s;
	int ret, policy;

	if ((o->flags & GENL_CMD_CAP_DO) && (o->flags & GENL_CMD_CAP_DUMP))
		dump = chance(30);
	else
		dump = !!(o->flags & GENL_CMD_CAP_DUMP);
	policy = dump ? o->dump_policy : o->do_policy;
	hostile = chance(30);
	nguesses = 0;
	unknown = hostile && chance(5);

	start_request(&b, f->id, (uint8_t)o->cmd, dump ? NLM_F_DUMP : 0,
		      !hostile || chance(80) ? (uint8_t)f->version :
					       (uint8_t)rnd());
	if (unknown)	/* the core refuses it, EOPNOTSUPP, no message */
		((struct genlmsghdr *)(b.data + NLMSG_HDRLEN))->cmd =
			(uint8_t)(200 + rnd_below(50));
	put_policy_attrs(f, &b, policy, 0);
	finish_request(&b);
	if (hostile && chance(5) &&
	    b.len > NLMSG_HDRLEN + GENL_HDRLEN + NLA_HDRLEN) {
		/* the last attribute claims more than the message holds */
		struct nlattr *a = (struct nlattr *)(b.data + NLMSG_HDRLEN +
						     GENL_HDRLEN);

		a->nla_len = (uint16_t)(a->nla_len + 64);
	}
	s = ((struct nlmsghdr *)b.data)->nlmsg_seq;

	o->st.sent++;
	if (send_raw(&b) < 0) {
		fprintf(stderr, "nlfuzz: %s cmd %u: send failed\n", f->name,
			o->cmd);
		return false;
	}
	ret = read_answer(s, &has_msg, NULL, NULL);
	if (ret > 0) {
		fprintf(stderr, "nlfuzz: %s cmd %u%s: no answer in %d s\n",
			f->name, o->cmd, dump ? " (dump)" : "",
			RECV_TIMEOUT_S);
		return false;
	}
	if (!ret) {
		o->st.acked++;
		return true;
	}
	o->st.refused++;
	if (!hostile)
		learn_refusal(last_offs);
	o->st.by_errno[-ret <= ERRNO_MAX ? -ret : 0]++;
	if (verbose > 1)
		printf("# %s cmd %u%s%s: %s: %s\n", f->name, o->cmd,
		       dump ? " (dump)" : "", hostile ? " hostile" : "",
		       strerror(-ret), last_msg);
	if (!has_msg && ret != -EPERM && !unknown) {
		o->st.no_msg++;
		if (verbose)
			printf("# %s cmd %u%s: %s without a message\n",
			       f->name, o->cmd, dump ? " (dump)" : "",
			       strerror(-ret));
	}
	return true;
}

static void report(const struct family *f)
{
	int i, e;

	for (i = 0; i < f->nops; i++) {
		const struct op *o = &f->ops[i];

		printf("%-12s cmd %-3u sent %-6lu acked %-6lu refused %-6lu no-msg %-5lu",
		       f->name, o->cmd, o->st.sent, o->st.acked,
		       o->st.refused, o->st.no_msg);
		for (e = 0; e <= ERRNO_MAX; e++)
			if (o->st.by_errno[e])
				printf(" %s:%lu", e ? strerrorname_np(e) : "other",
				       o->st.by_errno[e]);
		putchar('\n');
	}
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: nlfuzz [-s SEED] [-n COUNT] [-t SECONDS] [-x] [-v] [FAMILY...]\n"
		"Send COUNT (default 10000) random requests to baton's generic netlink\n"
		"families (default: every one registered here), or for SECONDS.\n"
		"  -x   fail if a refusal other than EPERM has no extended ACK message\n"
		"  -v   print every refusal without a message; -vv every refusal;\n"
		"       -vvv also the commands and policies the controller gave\n");
}

int main(int argc, char **argv)
{
	struct family fams[MAX_FAMILIES];
	unsigned long count = 10000, i, unanswered = 0, no_msg = 0;
	uint64_t seed = (uint64_t)time(NULL);
	double seconds = 0;
	struct timeval tv = { .tv_sec = RECV_TIMEOUT_S };
	struct timespec t0, t1;
	int nfam = 0, opt, f, ret;
	char *end;

	while ((opt = getopt(argc, argv, "s:n:t:xvh")) != -1) {
		switch (opt) {
		case 's':
			seed = strtoull(optarg, &end, 0);
			if (*end || !*optarg)
				goto bad;
			break;
		case 'n':
			count = strtoul(optarg, &end, 0);
			if (*end || !*optarg || !count)
				goto bad;
			break;
		case 't':
			seconds = strtod(optarg, &end);
			if (*end || !*optarg || seconds <= 0)
				goto bad;
			break;
		case 'x':
			require_extack = true;
			break;
		case 'v':
			verbose++;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			goto bad;
		}
	}
	rng_state = seed ? seed : 1;

	sk = nl_socket_alloc();
	if (!sk || genl_connect(sk)) {
		fprintf(stderr, "nlfuzz: cannot open a generic netlink socket\n");
		return 1;
	}
	nl_socket_set_buffer_size(sk, 1 << 20, 1 << 20);
	nl_socket_enable_msg_peek(sk);	/* dumps of any size */
	setsockopt(nl_socket_get_fd(sk), SOL_SOCKET, SO_RCVTIMEO, &tv,
		   sizeof(tv));
	opt = 1;
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &opt,
		   sizeof(opt));
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK, &opt,
		   sizeof(opt));

	for (f = optind; f < argc || (optind == argc && f - optind < 4); f++) {
		const char *name = optind < argc ? argv[f] :
			all_families[f - optind];
		struct family *fam = &fams[nfam];

		if (nfam == MAX_FAMILIES) {
			fprintf(stderr, "nlfuzz: too many families\n");
			return 2;
		}
		memset(fam, 0, sizeof(*fam));
		snprintf(fam->name, sizeof(fam->name), "%s", name);
		ret = learn_family(fam);
		if (ret == -ENOENT && optind == argc)
			continue;	/* not loaded here */
		if (ret || !fam->nops) {
			fprintf(stderr, "nlfuzz: family %s: %s\n", name,
				ret ? strerror(-ret) : "no commands");
			return 1;
		}
		if (verbose > 2)
			dump_family(fam);
		nfam++;
	}
	if (!nfam) {
		fprintf(stderr, "nlfuzz: no baton family is registered here\n");
		return 1;
	}
	printf("# seed %" PRIu64 ", %d famil%s\n", seed, nfam,
	       nfam == 1 ? "y" : "ies");

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0;; i++) {
		if (seconds > 0) {
			clock_gettime(CLOCK_MONOTONIC, &t1);
			if ((double)(t1.tv_sec - t0.tv_sec) +
			    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9 >= seconds)
				break;
		} else if (i == count) {
			break;
		}
		if (!fuzz_one(&fams[rnd_below((uint32_t)nfam)]))
			unanswered++;
	}

	for (f = 0; f < nfam; f++) {
		report(&fams[f]);
		for (ret = 0; ret < fams[f].nops; ret++)
			no_msg += fams[f].ops[ret].st.no_msg;
	}
	printf("# %lu requests, %lu unanswered, %lu refusals without a message\n",
	       i, unanswered, no_msg);
	nl_socket_free(sk);
	return unanswered || (require_extack && no_msg) ? 1 : 0;
bad:
	usage(stderr);
	return 2;
}
