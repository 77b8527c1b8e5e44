#include "data_split.h"

#include "workspace/error.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace dllab::training {

namespace {

// SplitMix64: tiny, and (unlike std::shuffle with a std distribution) gives the same numbers with
// every standard library, so a spec means the same split everywhere.
class SplitMix {
public:
    explicit SplitMix(uint64_t seed) : m_state(seed) {}
    uint64_t next()
    {
        uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    uint64_t below(uint64_t n) { return next() % n; } // bias is negligible for n << 2^64

private:
    uint64_t m_state;
};

void shuffle(std::vector<int64_t> &values, SplitMix &random)
{
    for (size_t i = values.size(); i > 1; --i)
        std::swap(values[i - 1], values[random.below(i)]);
}

} // namespace

RunSplits splitForRun(const datasets::DatasetContent &content, double valFraction, uint64_t seed)
{
    RunSplits splits;
    const auto find = [&](const char *name) {
        const auto it = content.splits.find(name);
        return it == content.splits.end() ? std::vector<int64_t>{} : it->second;
    };
    splits.test = find("test");
    splits.val = find("val");
    splits.valFromVersion = !splits.val.empty();
    if (content.splits.count("train")) {
        splits.train = find("train");
    } else {
        std::vector<char> taken(size_t(content.samples()), 0);
        for (const auto &[name, indices] : content.splits)
            for (int64_t i : indices)
                taken[size_t(i)] = 1;
        for (int64_t i = 0; i < content.samples(); ++i)
            if (!taken[size_t(i)])
                splits.train.push_back(i);
    }
    if (!splits.valFromVersion && valFraction > 0.0) {
        // Stratified: the same fraction of every class (or decile of a regression target), so small
        // classes are validated too.
        const std::vector<int64_t> strata = content.strata();
        std::map<int64_t, std::vector<int64_t>> byClass;
        for (int64_t i : splits.train)
            byClass[strata[size_t(i)]].push_back(i);
        SplitMix random(seed ^ 0x5157A11ull);
        std::vector<int64_t> train;
        for (auto &[label, members] : byClass) {
            shuffle(members, random);
            const auto take = size_t(std::llround(valFraction * double(members.size())));
            splits.val.insert(splits.val.end(), members.begin(), members.begin() + long(take));
            train.insert(train.end(), members.begin() + long(take), members.end());
        }
        std::sort(train.begin(), train.end());
        std::sort(splits.val.begin(), splits.val.end());
        splits.train = std::move(train);
    }
    if (splits.train.empty())
        throw Error("the dataset version has no samples left to train on");
    return splits;
}

std::vector<int64_t> epochOrder(int64_t n, uint64_t seed, int64_t epoch)
{
    std::vector<int64_t> order(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i)
        order[size_t(i)] = i;
    SplitMix random(seed * 0x100000001B3ull + uint64_t(epoch) + 1);
    shuffle(order, random);
    return order;
}

} // namespace dllab::training
