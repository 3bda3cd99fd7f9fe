package org.elbostream.trainer.fit;

import java.util.List;
import java.util.Map;
import org.elbostream.model.kind.LoadedModel;

/**
 * A model just fitted, before calibration: what it can do, how it got there, and the parameter files
 * its bundle will hold.
 *
 * @param model the fitted networks, ready to score
 * @param history the learning curve
 * @param bestEpoch the epoch whose networks were kept
 * @param validationElbo their validation bound, nats per row
 * @param parameters the bundle's parameter files, in the kind's order
 * @param weightSamples how many sampled generative weight sets the files hold (0 for a point estimate)
 */
public record FittedModel(LoadedModel model, List<EpochStats> history, int bestEpoch, double validationElbo,
    Map<String, byte[]> parameters, int weightSamples) {}
