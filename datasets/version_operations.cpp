// DatasetStore::diff and DatasetStore::split: operations that read versions' content.
#include "dataset_store.h"
#include "workspace/error.h"

#include <algorithm>
#include <random>
#include <string_view>
#include <unordered_map>

namespace dllab::datasets {

namespace {

// A sample's identity for diffs: its label and feature bytes.
uint64_t sampleKey(const DatasetContent &content, int64_t index)
{
    const size_t size = size_t(content.featureSize());
    std::string_view bytes =
        content.kind == DatasetKind::Image
            ? std::string_view(reinterpret_cast<const char *>(content.pixels.data()) + index * size,
                               size)
            : std::string_view(reinterpret_cast<const char *>(content.values.data() + index * size),
                               size * sizeof(float));
    const std::string label = content.labelText(index);
    return std::hash<std::string_view>{}(bytes)
           ^ (std::hash<std::string>{}(label)*0x9e3779b97f4a7c15ULL);
}

// The class a diff counts a sample under; a regression version's samples all count as one.
std::string classOf(const DatasetContent &content, int64_t index)
{
    if (content.task == Task::Regression)
        return content.labelName.empty() ? "target" : content.labelName;
    return content.classNames[size_t(content.labels[size_t(index)])];
}

// Shuffles with a generator whose sequence is fixed by the C++ standard, so a seed gives the
// same split on every platform (std::shuffle's algorithm is implementation-defined).
void seededShuffle(std::vector<int64_t> &values, std::mt19937_64 &random)
{
    for (size_t i = values.size(); i > 1; --i)
        std::swap(values[i - 1], values[size_t(random() % i)]);
}

} // namespace

DiffResult DatasetStore::diff(const std::string &fromRef, const std::string &toRef,
                              const JobContext &ctx)
{
    DiffResult result{show(fromRef), show(toRef), {}, 0, 0};
    const DatasetContent from = load(fromRef);
    ctx.throwIfCancelled();
    const DatasetContent to = load(toRef);

    // A multiset of the old samples; each new sample consumes one match or counts as added.
    std::unordered_map<uint64_t, int64_t> remaining;
    for (int64_t i = 0; i < from.samples(); ++i)
        ++remaining[sampleKey(from, i)];
    std::map<std::string, ClassChange> changes;
    for (const auto &[name, count] : result.from.classCounts)
        changes[name].before = count;
    for (const auto &[name, count] : result.to.classCounts)
        changes[name].after = count;
    for (int64_t i = 0; i < to.samples(); ++i) {
        auto it = remaining.find(sampleKey(to, i));
        if (it != remaining.end() && it->second > 0) {
            --it->second;
        } else {
            ++changes[classOf(to, i)].added;
            ++result.added;
        }
    }
    // Whatever old samples found no partner were removed; attribute them to their class.
    for (int64_t i = 0; i < from.samples(); ++i) {
        auto it = remaining.find(sampleKey(from, i));
        if (it->second > 0) {
            --it->second;
            ++changes[classOf(from, i)].removed;
            ++result.removed;
        }
    }
    for (auto &[name, change] : changes) {
        change.className = name;
        result.classes.push_back(change);
    }
    return result;
}

ImportResult DatasetStore::split(const std::string &ref, double valFraction, double testFraction,
                                 uint64_t seed, const JobContext &ctx)
{
    if (valFraction < 0 || testFraction < 0 || valFraction + testFraction >= 1.0)
        throw Error("split fractions must be >= 0 and leave some training data (val "
                    + std::to_string(valFraction) + ", test " + std::to_string(testFraction) + ")");
    const VersionInfo base = show(ref);
    DatasetContent content = load(ref);

    // With no test fraction asked for, an existing test split (MNIST's t10k) is kept as it is
    // and val is carved out of the rest.
    std::vector<bool> keptTest(size_t(content.samples()), false);
    const auto existingTest = content.splits.find("test");
    const bool keepTest = testFraction == 0.0 && existingTest != content.splits.end();
    if (keepTest)
        for (int64_t index : existingTest->second)
            keptTest[size_t(index)] = true;

    // Stratified: each class (or decile of a regression target) split in the same proportions.
    const std::vector<int64_t> strata = content.strata();
    std::vector<std::vector<int64_t>> byClass(
        strata.empty() ? 0 : size_t(*std::max_element(strata.begin(), strata.end()) + 1));
    for (int64_t i = 0; i < content.samples(); ++i)
        if (!keptTest[size_t(i)])
            byClass[size_t(strata[size_t(i)])].push_back(i);

    std::mt19937_64 random(seed);
    std::map<std::string, std::vector<int64_t>> splits;
    for (auto &indices : byClass) {
        seededShuffle(indices, random);
        const auto n = double(indices.size());
        const size_t testCount = size_t(std::llround(n * testFraction));
        const size_t valCount = size_t(std::llround(n * valFraction));
        for (size_t i = 0; i < indices.size(); ++i) {
            const char *name = i < testCount ? "test" : i < testCount + valCount ? "val" : "train";
            splits[name].push_back(indices[i]);
        }
    }
    if (keepTest)
        splits["test"] = existingTest->second;
    for (auto &[name, indices] : splits)
        std::sort(indices.begin(), indices.end());
    content.splits = std::move(splits);

    char message[160];
    std::snprintf(message, sizeof message, "split of %s: val %.3g, test %.3g%s, seed %llu",
                  base.ref().c_str(), valFraction, testFraction, keepTest ? " (test kept)" : "",
                  static_cast<unsigned long long>(seed));
    return addVersion(base.dataset, std::move(content), message, ctx);
}

} // namespace dllab::datasets
