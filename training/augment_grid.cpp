#include "augment_grid.h"

#include "augment.h"
#include "workspace/error.h"

#include <stb/stb_image_write.h>

#include <algorithm>
#include <set>

namespace dllab::training {

namespace {

constexpr int kGutter = 2;   // white pixels between cells
constexpr int kMinCell = 64; // small images (28 × 28 digits) are enlarged to be seen

// Up to `rows` training samples, the first of each class in turn.
std::vector<int64_t> sampleRows(const datasets::DatasetContent &content, int rows)
{
    std::vector<int64_t> pool;
    if (const auto train = content.splits.find("train"); train != content.splits.end())
        pool = train->second;
    else
        for (int64_t i = 0; i < content.samples(); ++i)
            pool.push_back(i);
    std::vector<int64_t> picked;
    std::set<int64_t> classes;
    for (const int64_t i : pool) {
        if (int(picked.size()) == rows)
            break;
        const int64_t label = content.labels.empty() ? i : content.labels[size_t(i)];
        if (classes.insert(label).second)
            picked.push_back(i);
    }
    return picked;
}

} // namespace

AugmentGrid augmentGrid(const datasets::DatasetContent &content, const AugmentSpec &spec,
                        uint64_t seed, int rows, int variants)
{
    if (content.kind != datasets::DatasetKind::Image || content.featureShape.size() != 3)
        throw Error("augmentation previews need an image dataset");
    const int c = int(content.featureShape[0]), h = int(content.featureShape[1]),
              w = int(content.featureShape[2]);
    const std::vector<int64_t> picked = sampleRows(content, rows);
    const int64_t sampleBytes = int64_t(c) * h * w;
    // Each picked sample `variants` times, augmented together as one batch.
    auto pixels = torch::empty({int64_t(picked.size()) * variants, c, h, w}, torch::kUInt8);
    for (size_t r = 0; r < picked.size(); ++r) {
        const auto source =
            torch::from_blob(const_cast<uint8_t *>(content.pixels.data()) + picked[r] * sampleBytes,
                             {c, h, w}, torch::kUInt8);
        pixels.narrow(0, int64_t(r) * variants, variants).copy_(source.unsqueeze(0));
    }
    const torch::Tensor original = pixels.to(torch::kFloat).div_(255.0);
    const torch::Tensor augmented =
        augmentBatch(original, spec, seed).mul(255.0).round().clamp(0, 255).to(torch::kUInt8);

    const int zoom = std::max(1, kMinCell / std::max(h, w) + (kMinCell % std::max(h, w) ? 1 : 0));
    const int cellW = w * zoom, cellH = h * zoom, columns = variants + 1;
    AugmentGrid grid{columns * cellW + (columns + 1) * kGutter,
                     int(picked.size()) * cellH + (int(picked.size()) + 1) * kGutter,
                     c,
                     {}};
    std::vector<uint8_t> image(size_t(grid.width) * grid.height * c, 255);
    const auto paint = [&](const uint8_t *chw, int row, int column) {
        const int left = kGutter + column * (cellW + kGutter),
                  top = kGutter + row * (cellH + kGutter);
        for (int y = 0; y < cellH; ++y)
            for (int x = 0; x < cellW; ++x)
                for (int k = 0; k < c; ++k)
                    image[(size_t(top + y) * grid.width + size_t(left + x)) * c + k] =
                        chw[(size_t(k) * h + size_t(y / zoom)) * w + size_t(x / zoom)];
    };
    const torch::Tensor done = augmented.contiguous();
    for (size_t r = 0; r < picked.size(); ++r) {
        paint(content.pixels.data() + picked[r] * sampleBytes, int(r), 0);
        for (int v = 0; v < variants; ++v)
            paint(done[int64_t(r) * variants + v].data_ptr<uint8_t>(), int(r), v + 1);
    }
    stbi_write_png_to_func(
        [](void *context, void *data, int size) {
            static_cast<std::string *>(context)->append(static_cast<const char *>(data),
                                                        size_t(size));
        },
        &grid.png, grid.width, grid.height, c, image.data(), grid.width * c);
    return grid;
}

} // namespace dllab::training
