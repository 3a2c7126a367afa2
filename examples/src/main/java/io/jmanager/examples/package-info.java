/**
 * Java twins of the Python programs jmanager replaces, one class per program: each starts child
 * JVMs with {@code JvmProcess}, shares objects through one manager, and prints or checks what they
 * did (a dict and a list, counters with and without a lock, a queue between producers and
 * consumers, a joinable queue, a pipe, a semaphore and an event, and the pool's ways of getting
 * results). They connect with {@code Manager.fromEnvironment()}; {@code demo.sh} runs them all
 * against a daemon.
 */
package io.jmanager.examples;
