package io.jmanager.protocol;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.util.DefaultClassResolver;

/**
 * A Kryo class resolver that refuses class names: a payload may only name registered ids, so a
 * hostile one cannot even make the JVM load a class, let alone instantiate it.
 */
public final class IdsOnlyClassResolver extends DefaultClassResolver {
  @Override
  protected Registration readName(Input input) {
    throw new KryoException("class names are not accepted, only registered class ids");
  }
}
