package org.elbostream.cli.offline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.elbostream.trainer.fit.Setting;
import org.elbostream.trainer.fit.TrainingSettings;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Training and baseline settings as command-line options, made from their declarations: the option's name,
 * help and default come from {@link Setting}, so no command restates them. A command adds them in
 * its model transformer and reads them back into a {@link TrainingSettings.Builder}.
 */
final class SettingOptions {
  private SettingOptions() {}

  /**
   * A command's model transformer that adds its settings; picocli makes it by its no-argument
   * constructor, so each command subclasses it with its own list.
   */
  abstract static class Declared implements CommandLine.IModelTransformer {
    private final List<Setting<?>> settings;
    private final TrainingSettings defaults;

    Declared(List<Setting<?>> settings) {
      this(settings, TrainingSettings.defaults());
    }

    /** Settings whose defaults, in the help, are those of {@code defaults}: the command's own. */
    Declared(List<Setting<?>> settings, TrainingSettings defaults) {
      this.settings = settings;
      this.defaults = defaults;
    }

    @Override
    public CommandSpec transform(CommandSpec spec) {
      return add(spec, settings, defaults);
    }
  }

  /** Adds an option for each setting; one that is not given keeps the setting's default. */
  static CommandSpec add(CommandSpec spec, List<Setting<?>> settings) {
    return add(spec, settings, TrainingSettings.defaults());
  }

  /** The same, the help naming the default that {@code defaults} holds. */
  static CommandSpec add(CommandSpec spec, List<Setting<?>> settings, TrainingSettings defaults) {
    for (Setting<?> setting : settings) {
      spec.addOption(OptionSpec.builder(setting.option())
          .type(String.class)
          .arity("1")
          .paramLabel(setting.name().toUpperCase(Locale.ROOT).replace('-', '_'))
          .description(help(setting, defaults).replace("%", "%%")) // picocli formats descriptions
          .converters(text -> {
            try {
              return setting.parse(text);
            } catch (IllegalArgumentException e) {
              // picocli names the option itself
              throw new CommandLine.TypeConversionException(e.getMessage().replace(setting.option() + ": ", ""));
            }
          })
          .build());
    }
    return spec;
  }

  private static <T> String help(Setting<T> setting, TrainingSettings defaults) {
    return setting.help(defaults.get(setting));
  }

  /** Sets every setting whose option was given on the command line. */
  static TrainingSettings.Builder apply(CommandSpec spec, List<Setting<?>> settings, TrainingSettings.Builder builder) {
    for (Setting<?> setting : settings) {
      if (given(spec, setting)) {
        set(builder, setting, spec.findOption(setting.option()).getValue());
      }
    }
    return builder;
  }

  /** Whether the setting's option was given on the command line. */
  static boolean given(CommandSpec spec, Setting<?> setting) {
    return spec.commandLine().getParseResult().hasMatchedOption(setting.option());
  }

  /** The value the option was given, or the setting's default. */
  static <T> T value(CommandSpec spec, Setting<T> setting) {
    return given(spec, setting) ? setting.type().cast(spec.findOption(setting.option()).getValue())
        : setting.defaultValue();
  }

  /** The settings whose options were given, with their values. */
  static Map<Setting<?>, Object> given(CommandSpec spec, List<Setting<?>> settings) {
    Map<Setting<?>, Object> out = new LinkedHashMap<>();
    for (Setting<?> setting : settings) {
      if (given(spec, setting)) {
        out.put(setting, spec.findOption(setting.option()).getValue());
      }
    }
    return out;
  }

  private static <T> void set(TrainingSettings.Builder builder, Setting<T> setting, Object value) {
    builder.set(setting, setting.type().cast(value));
  }
}
