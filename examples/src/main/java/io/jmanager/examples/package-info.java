/**
 * Java twins of the Python {@code multiprocessing} programs of the seeds jmanager replaces, one
 * class per program (or per few near-identical ones, as each class's javadoc says), each quoting
 * its Python original and following it closely: functions and {@code ChildProcess} subclasses run
 * in child JVMs started with {@code m.process(...)}, on a private manager ({@code Manager.start()},
 * Python's {@code with Manager() as m:}). Each checks its result and exits with 1 when it is wrong;
 * {@code demo.sh} runs them all.
 */
package io.jmanager.examples;
