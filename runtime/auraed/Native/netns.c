/*
 * aurae_socket_in_netns: a socket that belongs to another network namespace (a workload's), for
 * the daemon to connect published ports into it. setns(CLONE_NEWNET) changes the namespace of the
 * calling thread only, so it is done on a short-lived thread of our own: no thread of the .NET
 * runtime ever runs inside a tenant's namespace, even if something fails half-way. A socket keeps
 * the namespace it was created in for its whole life.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <sys/socket.h>

struct socket_request {
    int netns_fd;
    int domain;
    int type;
    int protocol;
    int result;
    int error;
};

static void *create_socket(void *argument)
{
    struct socket_request *request = argument;
    if (setns(request->netns_fd, CLONE_NEWNET) < 0) {
        request->result = -1;
        request->error = errno;
        return NULL;
    }
    request->result = socket(request->domain, request->type | SOCK_CLOEXEC, request->protocol);
    request->error = errno;
    return NULL;
}

/* Returns the socket, or -1 with *error_out set (errno). */
int aurae_socket_in_netns(int netns_fd, int domain, int type, int protocol, int *error_out)
{
    struct socket_request request = { netns_fd, domain, type, protocol, -1, 0 };
    pthread_t thread;
    int created = pthread_create(&thread, NULL, create_socket, &request);
    if (created != 0) {
        *error_out = created;
        return -1;
    }
    pthread_join(thread, NULL);
    *error_out = request.error;
    return request.result;
}
