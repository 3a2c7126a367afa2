package io.jmanager.client;

import com.google.common.collect.testing.ConcurrentMapTestSuiteBuilder;
import com.google.common.collect.testing.TestStringMapGenerator;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import com.google.common.collect.testing.features.MapFeature;
import java.util.Map;
import junit.framework.Test;

/** Guava testlib's ConcurrentMap contract, run against dict proxies on a real server. */
public final class DictContractTest {
  private DictContractTest() {}

  /** The suite, found by JUnit's vintage engine. */
  public static Test suite() {
    return ConcurrentMapTestSuiteBuilder.using(
            new TestStringMapGenerator() {
              @Override
              protected Map<String, String> create(Map.Entry<String, String>[] entries) {
                Map<String, String> dict =
                    ContractSuites.manager().dict(ContractSuites.freshName("dict"));
                for (Map.Entry<String, String> entry : entries) {
                  dict.put(entry.getKey(), entry.getValue());
                }
                return dict;
              }
            })
        .named("SharedDict")
        .withFeatures(
            CollectionSize.ANY,
            MapFeature.GENERAL_PURPOSE,
            CollectionFeature.SUPPORTS_ITERATOR_REMOVE,
            CollectionFeature.KNOWN_ORDER)
        .createTestSuite();
  }
}
