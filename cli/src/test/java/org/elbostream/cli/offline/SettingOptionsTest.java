package org.elbostream.cli.offline;

import static org.assertj.core.api.Assertions.assertThat;

import org.elbostream.cli.Elbostream;
import org.elbostream.trainer.fit.Setting;
import org.elbostream.trainer.fit.TrainingSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class SettingOptionsTest {
  @Test
  void shouldOfferEveryDeclaredSettingAsAnOptionOfTrainWithItsDefault() {
    CommandLine train = Elbostream.commandLine().getSubcommands().get("train");
    for (Setting<?> setting : TrainingSettings.DECLARED) {
      OptionSpec option = train.getCommandSpec().findOption(setting.option());
      assertThat(option).as(setting.option()).isNotNull();
      assertThat(String.join(" ", option.description())).contains(setting.doc())
          .contains("(default: " + setting.defaultText() + ")");
    }
  }

  @Test
  void shouldCarryTheOptionsGivenIntoTheSettings() {
    CommandLine root = Elbostream.commandLine();
    root.parseArgs("train", "--train", "t.csv", "--out", "o", "--epochs", "7", "--posterior", "rank-one");
    CommandLine train = root.getSubcommands().get("train");
    TrainingSettings s = SettingOptions.apply(train.getCommandSpec(), TrainingSettings.DECLARED,
        TrainingSettings.builder()).build();
    assertThat(s.epochs()).isEqualTo(7);
    assertThat(s.get(TrainingSettings.POSTERIOR).name()).isEqualTo("RANK_ONE");
    assertThat(s.get(TrainingSettings.SEED)).as("not given: the default").isEqualTo(42L);
  }
}
