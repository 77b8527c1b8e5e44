#include "augment.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>

namespace dllab::training {

namespace {

uint64_t mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// affine_grid of LibTorch 1.13 is a batched matrix product over a base grid: ten times slower
// than these broadcast lines, and augmentation must cost little beside a training step. theta
// (N × 6, the rows of each 2 × 3 matrix) maps an output position to the input position it
// samples, both in affine_grid's coordinates (pixel centres, -1 to 1 across each axis).
torch::Tensor samplingGrid(const torch::Tensor &theta, int64_t h, int64_t w)
{
    const auto centres = [](int64_t size) {
        return (torch::arange(size, torch::kFloat) * 2 + 1) / double(size) - 1;
    };
    const int64_t n = theta.size(0);
    const torch::Tensor xs = centres(w).view({1, 1, w}), ys = centres(h).view({1, h, 1});
    const auto row = [&](int64_t first) {
        const auto t = [&](int64_t i) { return theta.select(1, first + i).view({n, 1, 1}); };
        return t(0) * xs + t(1) * ys + t(2);
    };
    return torch::stack({row(0), row(3)}, 3);
}

} // namespace

torch::Tensor augmentBatch(const torch::Tensor &batch, const AugmentSpec &spec, uint64_t seed)
{
    torch::NoGradGuard noGrad;
    const int64_t n = batch.size(0), h = batch.size(2), w = batch.size(3);
    // The draws are made on the CPU, whatever the batch's device, so a seed means one thing.
    auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    const auto uniform = [&](double bound) {
        return torch::rand({n}, generator, torch::kFloat) * (2 * bound) - bound;
    };
    torch::Tensor out = batch;
    const bool geometric =
        spec.hflip || spec.cropPadding > 0 || spec.rotation > 0 || spec.scale > 0;
    if (geometric) {
        const torch::Tensor angle = uniform(spec.rotation * M_PI / 180.0);
        const torch::Tensor zoom = 1.0 + uniform(spec.scale);
        const torch::Tensor flip =
            spec.hflip ? 1.0 - 2.0 * (torch::rand({n}, generator) < 0.5).to(torch::kFloat)
                       : torch::ones({n});
        const int64_t p = spec.cropPadding;
        const auto shift = [&](int64_t size) { // whole pixels, 2/size wide in grid units
            return p > 0 ? torch::randint(-p, p + 1, {n}, generator, torch::kFloat) * (2.0 / size)
                         : torch::zeros({n});
        };
        const torch::Tensor cos = angle.cos() / zoom, sin = angle.sin() / zoom;
        const double aspect = double(h) / double(w); // rotate in pixels, not in the unit square
        const torch::Tensor theta = torch::stack(
            {flip * cos, -flip * sin * aspect, shift(w), sin / aspect, cos, shift(h)}, 1);
        namespace F = torch::nn::functional;
        F::GridSampleFuncOptions options;
        if (spec.bilinear)
            options.mode(torch::kBilinear);
        else
            options.mode(torch::kNearest);
        out =
            F::grid_sample(batch, samplingGrid(theta, h, w).to(batch.device(), batch.scalar_type()),
                           options.padding_mode(torch::kZeros).align_corners(false));
    }
    if (spec.brightness > 0 || spec.contrast > 0) {
        // x' = (x - mean)·k + mean + b = x·k + (mean·(1 - k) + b) for each sample: one addcmul
        // over samples × pixels (the same in four dimensions takes a slow broadcasting loop).
        const torch::Tensor flat = out.reshape({n, -1});
        const auto perSample = [&](const torch::Tensor &v) {
            return v.to(batch.device(), batch.scalar_type()).view({n, 1});
        };
        const torch::Tensor k = perSample(1.0 + uniform(spec.contrast));
        const torch::Tensor b = perSample(uniform(spec.brightness));
        const torch::Tensor mean = flat.mean(1, true);
        out = torch::addcmul(mean * (1 - k) + b, flat, k).clamp_(0.0, 1.0).view(batch.sizes());
    }
    return out;
}

uint64_t batchSeed(uint64_t runSeed, int64_t epoch, int64_t batch)
{
    return mix(mix(runSeed * 0x9E3779B97F4A7C15ull + uint64_t(epoch)) + uint64_t(batch));
}

} // namespace dllab::training
