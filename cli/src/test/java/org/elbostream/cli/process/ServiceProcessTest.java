package org.elbostream.cli.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.elbostream.cli.Elbostream;
import org.junit.jupiter.api.Test;

class ServiceProcessTest {
  @Test
  void shouldStartTheCommandsOwnEntryPoint() {
    assertThat(ServiceProcess.MAIN_CLASS).isEqualTo(Elbostream.class.getName());
  }
}
