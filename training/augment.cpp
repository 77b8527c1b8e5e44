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

} // namespace

uint64_t batchSeed(uint64_t runSeed, int64_t epoch, int64_t batch)
{
    return mix(mix(runSeed * 0x9E3779B97F4A7C15ull + uint64_t(epoch)) + uint64_t(batch));
}

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
        // theta maps an output position to the input position it samples, in affine_grid's
        // coordinates (-1 to 1 across each axis, so a pixel is 2/w wide and 2/h high).
        const torch::Tensor angle = uniform(spec.rotation * M_PI / 180.0);
        const torch::Tensor zoom = 1.0 + uniform(spec.scale);
        const torch::Tensor flip =
            spec.hflip ? 1.0 - 2.0 * (torch::rand({n}, generator) < 0.5).to(torch::kFloat)
                       : torch::ones({n});
        const int64_t p = spec.cropPadding;
        const auto shift = [&](int64_t size) {
            return p > 0 ? torch::randint(-p, p + 1, {n}, generator, torch::kFloat) * (2.0 / size)
                         : torch::zeros({n});
        };
        const torch::Tensor cos = angle.cos() / zoom, sin = angle.sin() / zoom;
        const double aspect = double(h) / double(w); // rotate in pixels, not in the unit square
        const torch::Tensor theta =
            torch::stack({torch::stack({flip * cos, -flip * sin * aspect, shift(w)}, 1),
                          torch::stack({sin / aspect, cos, shift(h)}, 1)},
                         1)
                .to(batch.device(), batch.scalar_type());
        namespace F = torch::nn::functional;
        const torch::Tensor grid = F::affine_grid(theta, batch.sizes(), false);
        out = F::grid_sample(batch, grid,
                             F::GridSampleFuncOptions()
                                 .mode(torch::kBilinear)
                                 .padding_mode(torch::kZeros)
                                 .align_corners(false));
    }
    if (spec.brightness > 0 || spec.contrast > 0) {
        const auto perSample = [&](const torch::Tensor &v) {
            return v.to(batch.device(), batch.scalar_type()).view({n, 1, 1, 1});
        };
        const torch::Tensor mean = out.mean({1, 2, 3}, true);
        out = ((out - mean) * perSample(1.0 + uniform(spec.contrast)) + mean
               + perSample(uniform(spec.brightness)))
                  .clamp(0.0, 1.0);
    }
    return out;
}

} // namespace dllab::training
