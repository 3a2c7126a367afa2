package io.jmanager.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ObjectTypeTest {
  @Test
  void everyOpOfEveryType_namesThatTypesFamily() {
    for (ObjectType type : ObjectType.values()) {
      assertThat(type.ops()).as("%s's ops", type).isNotEmpty();
      assertThat(type.ops()).allMatch(op -> op.type() == type.opFamily(), "of " + type.opFamily());
    }
  }

  @Test
  void aVariant_answersItsPlainTypesOps_andTakesItsParameter() {
    assertThat(ObjectType.JOINABLE_QUEUE.opFamily()).isEqualTo(ObjectType.QUEUE);
    assertThat(ObjectType.JOINABLE_QUEUE.ops()).isEqualTo(ObjectType.QUEUE.ops());
    assertThat(ObjectType.JOINABLE_QUEUE.parameterName()).isEqualTo("maxsize");
    assertThat(ObjectType.RLOCK.parameterized()).isFalse();
    assertThat(ObjectType.BOUNDED_SEMAPHORE.parameterName()).isEqualTo("permits");
  }
}
