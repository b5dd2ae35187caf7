/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Socket addresses from the addresses baton keeps: IPv6, with IPv4 as
 * v4-mapped (::ffff:a.b.c.d).
 */
#ifndef _BATON_SOCKADDR_H
#define _BATON_SOCKADDR_H

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/socket.h>
#include <linux/string.h>

/**
 * baton_sockaddr() - a socket address for a socket of @family
 * @family: AF_INET, which takes the IPv4 address of a v4-mapped @addr,
 *	or AF_INET6, which takes @addr as it is (v4-mapped or not)
 * @addr: the address
 * @port: the port, host order
 * @ss: set to the socket address
 *
 * Return: the length of the socket address.
 */
static inline int baton_sockaddr(int family, const struct in6_addr *addr,
				 u16 port, struct sockaddr_storage *ss)
{
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		sin->sin_addr.s_addr = addr->s6_addr32[3];
		return sizeof(*sin);
	}
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons(port);
	sin6->sin6_addr = *addr;
	return sizeof(*sin6);
}

#endif /* _BATON_SOCKADDR_H */
