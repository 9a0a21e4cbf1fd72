package dev.modelyard.engine;

import dev.modelyard.core.runtime.LoadedModel;
import dev.modelyard.core.runtime.ModelLoadException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A hand-made model source: makes a {@link TestingModel} per load, adding the constant registered
 * for the digest (0 by default); counts loads; fails or blocks loads of a digest on demand.
 */
final class TestingModelSource implements ModelSource {
    private final Map<String, Float> constants = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    private final Map<String, Consumer<TestingModel>> setups = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();
    private final Map<String, List<TestingModel>> models = new ConcurrentHashMap<>();

    /** Models of this digest add {@code constant}. */
    TestingModelSource constant(String digest, float constant) {
        constants.put(digest, constant);
        return this;
    }

    /** Loads of this digest fail with a {@link ModelLoadException} carrying this message. */
    TestingModelSource failLoads(String digest, String message) {
        failures.put(digest, message);
        return this;
    }

    TestingModelSource succeedLoads(String digest) {
        failures.remove(digest);
        return this;
    }

    /** Loads of this digest wait for the latch. */
    TestingModelSource blockLoads(String digest, CountDownLatch latch) {
        gates.put(digest, latch);
        return this;
    }

    /** Adjusts each new model of this digest before the engine gets it. */
    TestingModelSource setUp(String digest, Consumer<TestingModel> setup) {
        setups.put(digest, setup);
        return this;
    }

    @Override
    public LoadedModel load(ServingTarget target) {
        String digest = target.digest();
        loads.computeIfAbsent(digest, ignored -> new AtomicInteger()).incrementAndGet();
        CountDownLatch gate = gates.get(digest);
        if (gate != null) {
            try {
                if (!gate.await(10, TimeUnit.SECONDS)) {
                    throw new ModelLoadException("the test never opened the load latch");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModelLoadException("interrupted");
            }
        }
        String failure = failures.get(digest);
        if (failure != null) {
            throw new ModelLoadException(failure);
        }
        TestingModel model = new TestingModel(digest, constants.getOrDefault(digest, 0f));
        setups.getOrDefault(digest, ignored -> {}).accept(model);
        models.computeIfAbsent(digest, ignored -> new CopyOnWriteArrayList<>()).add(model);
        return model;
    }

    int loads(String digest) {
        AtomicInteger count = loads.get(digest);
        return count == null ? 0 : count.get();
    }

    /** The latest model loaded for the digest. */
    TestingModel model(String digest) {
        List<TestingModel> loaded = models(digest);
        if (loaded.isEmpty()) {
            throw new AssertionError("no model loaded for " + digest);
        }
        return loaded.get(loaded.size() - 1);
    }

    List<TestingModel> models(String digest) {
        return new ArrayList<>(models.getOrDefault(digest, List.of()));
    }

    List<TestingModel> allModels() {
        List<TestingModel> all = new ArrayList<>();
        models.values().forEach(all::addAll);
        return all;
    }
}
