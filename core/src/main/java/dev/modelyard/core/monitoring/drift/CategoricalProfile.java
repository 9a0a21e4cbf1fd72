package dev.modelyard.core.monitoring.drift;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.Union;

/**
 * A mergeable summary of one categorical feature: exact counts per category while there are at most
 * {@link #exactCategoryLimit()} distinct categories, then a frequent-items sketch (Apache
 * DataSketches, misra–gries with a map of {@value #FREQUENT_ITEMS_MAP_SIZE} entries) that estimates the
 * counts of the frequent categories, plus a HyperLogLog sketch of the number of distinct categories
 * throughout.
 *
 * <p>With exact counts on both sides {@link DriftDetector} runs the exact tests. With a sketch it
 * compares the frequent categories' estimated counts and lumps the rest into one "other" bin, flagged
 * {@link FeatureDrift#approximate()}; the chi-squared test is then not available.
 *
 * <p>Not thread-safe: profile each partition separately and {@link #merge} the results. Categories
 * must not be null (map missing values to a category of their own).
 */
public final class CategoricalProfile {
    /** By default counts are exact up to this many distinct categories. */
    public static final int DEFAULT_EXACT_CATEGORY_LIMIT = 10_000;
    /** The frequent-items sketch's map size; counts are estimated within about 3.5/4096 of all rows. */
    public static final int FREQUENT_ITEMS_MAP_SIZE = 4096;
    /** The HyperLogLog parameter: about 1.6% relative error in the distinct count. */
    private static final int DISTINCT_LOG_SIZE = 12;

    private final int exactCategoryLimit;
    private Map<String, long[]> exactCounts = new LinkedHashMap<>();
    private ItemsSketch<String> frequentItems;
    private HllSketch distinct = new HllSketch(DISTINCT_LOG_SIZE);
    private long count;

    /** A profile that counts exactly up to 10,000 distinct categories. */
    public CategoricalProfile() {
        this(DEFAULT_EXACT_CATEGORY_LIMIT);
    }

    /** @param exactCategoryLimit count exactly while there are at most this many distinct categories */
    public CategoricalProfile(int exactCategoryLimit) {
        if (exactCategoryLimit < 1) {
            throw new IllegalArgumentException("exactCategoryLimit must be at least 1, got " + exactCategoryLimit);
        }
        this.exactCategoryLimit = exactCategoryLimit;
    }

    /** A profile of the given values with the default settings. */
    public static CategoricalProfile of(Collection<String> values) {
        CategoricalProfile profile = new CategoricalProfile();
        profile.addAll(values);
        return profile;
    }

    /** Adds one row's category. */
    public void add(String category) {
        if (category == null) {
            throw new IllegalArgumentException(
                    "category at row " + count + " is null: map missing values to a category of their own first");
        }
        count++;
        distinct.update(category);
        addCounted(category, 1);
    }

    /** Adds every row's category. */
    public void addAll(Collection<String> categories) {
        requireNonNull(categories, "categories is null");
        for (String category : categories) {
            add(category);
        }
    }

    private void switchToSketch() {
        frequentItems = new ItemsSketch<>(FREQUENT_ITEMS_MAP_SIZE);
        exactCounts.forEach((category, counter) -> frequentItems.update(category, counter[0]));
        exactCounts = null;
    }

    /** Adds another profile's rows to this one (the other is left alone). */
    public void merge(CategoricalProfile other) {
        requireNonNull(other, "other is null");
        Union union = new Union(DISTINCT_LOG_SIZE);
        union.update(distinct);
        union.update(other.distinct);
        HllSketch merged = union.getResult();
        if (other.exactCounts != null) {
            other.exactCounts.forEach((category, counter) -> addCounted(category, counter[0]));
        } else {
            if (exactCounts != null) {
                switchToSketch();
            }
            frequentItems.merge(other.frequentItems);
        }
        count += other.count;
        distinct = merged;
    }

    /** Counts a category's rows (the caller keeps {@link #count} and the distinct sketch). */
    private void addCounted(String category, long rows) {
        if (exactCounts != null) {
            long[] counter = exactCounts.get(category);
            if (counter != null) {
                counter[0] += rows;
                return;
            }
            if (exactCounts.size() < exactCategoryLimit) {
                exactCounts.put(category, new long[] {rows});
                return;
            }
            switchToSketch();
        }
        frequentItems.update(category, rows);
    }

    /** The number of rows added. */
    public long count() {
        return count;
    }

    /** The limit of distinct categories up to which counts are exact. */
    public int exactCategoryLimit() {
        return exactCategoryLimit;
    }

    /** Whether every category's count is known exactly. */
    public boolean isExact() {
        return exactCounts != null;
    }

    /** The HyperLogLog estimate of the number of distinct categories. */
    public double distinctEstimate() {
        return distinct.getEstimate();
    }

    /** The exact count per category, in first-seen order; only when {@link #isExact()}. */
    public Map<String, Long> counts() {
        if (exactCounts == null) {
            throw new IllegalStateException("more than " + exactCategoryLimit
                    + " distinct categories: only estimated counts of the frequent ones are known");
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        exactCounts.forEach((category, counter) -> counts.put(category, counter[0]));
        return Collections.unmodifiableMap(counts);
    }

    /**
     * The count per category: exact while {@link #isExact()}, otherwise the sketch's estimates for the
     * categories it cannot rule out as frequent (no false negatives), most frequent first.
     */
    public Map<String, Long> estimatedCounts() {
        if (exactCounts != null) {
            return counts();
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (ItemsSketch.Row<String> row : frequentItems.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
            counts.put(row.getItem(), row.getEstimate());
        }
        return Collections.unmodifiableMap(counts);
    }

    /** The estimated count of one category (exact while {@link #isExact()}). */
    long estimatedCount(String category) {
        if (exactCounts != null) {
            long[] counter = exactCounts.get(category);
            return counter == null ? 0 : counter[0];
        }
        return frequentItems.getEstimate(category);
    }
}
