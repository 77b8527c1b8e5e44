// Image augmentation: the spec's checks, what each transform does to a batch, reproducibility,
// the preview grid, and a CNN run that trains with it (and a table run that is refused).
#include "../datasets/error_checks.h"
#include "../datasets/test_files.h"
#include "datasets/dataset_store.h"
#include "training/augment.h"
#include "training/augment_grid.h"
#include "training/run_store.h"
#include "training/trainer.h"
#include "training_data.h"
#include "workspace/error.h"

#include <gtest/gtest.h>
#include <stb/stb_image.h>

using nlohmann::json;
using namespace dllab;
using namespace dllab::training;
using dllab::test::errorOf;

namespace {

// Distinct values in [0, 1], so that any move of a pixel shows.
torch::Tensor ramp(int64_t n, int64_t c, int64_t h, int64_t w)
{
    return torch::arange(n * c * h * w, torch::kFloat).div(float(n * c * h * w)).view({n, c, h, w});
}

// `x` moved by (dx, dy) pixels, zeros where nothing moved in.
torch::Tensor shifted(const torch::Tensor &x, int64_t dx, int64_t dy)
{
    const int64_t h = x.size(1), w = x.size(2);
    torch::Tensor out = torch::zeros_like(x);
    const int64_t height = h - std::abs(dy), width = w - std::abs(dx);
    out.narrow(1, std::max<int64_t>(dy, 0), height)
        .narrow(2, std::max<int64_t>(dx, 0), width)
        .copy_(x.narrow(1, std::max<int64_t>(-dy, 0), height)
                   .narrow(2, std::max<int64_t>(-dx, 0), width));
    return out;
}

} // namespace

TEST(Augment, TheSpecIsCheckedFieldByField)
{
    EXPECT_NE(errorOf([] {
                  parseAugment({{"rotation", 200}});
              }).find("augment.rotation must be a number from 0 to 180, not 200"),
              std::string::npos);
    EXPECT_NE(errorOf([] {
                  parseAugment({{"flip", true}});
              }).find("augment.flip is not a known field"),
              std::string::npos);
    EXPECT_NE(errorOf([] {
                  parseAugment({{"hflip", 1}});
              }).find("augment.hflip must be true or false"),
              std::string::npos);
    const json spec{{"dataset", "d"},
                    {"model", {{"arch", "cnn"}}},
                    {"augment", {{"hflip", true}, {"rotation", 10}}}};
    const RunSpec parsed = parseRunSpec(spec);
    ASSERT_TRUE(parsed.augment);
    EXPECT_TRUE(parsed.augment->hflip);
    EXPECT_EQ(toJson(parsed)["augment"]["rotation"], 10.0);
    EXPECT_EQ(toJson(parsed)["augment"]["crop_padding"], 0);
    EXPECT_FALSE(parseRunSpec({{"dataset", "d"}, {"model", {{"arch", "cnn"}}}}).augment);
    EXPECT_FALSE(parsed.augment->bilinear); // nearest, as torchvision's random affines
    EXPECT_TRUE(parseAugment({{"interpolation", "bilinear"}}).bilinear);
    EXPECT_NE(errorOf([] {
                  parseAugment({{"interpolation", "cubic"}});
              }).find("augment.interpolation must be one of bilinear, nearest"),
              std::string::npos);
}

TEST(Augment, NothingAskedChangesNothingAndASeedDrawsTheSameTransforms)
{
    const torch::Tensor x = ramp(16, 3, 12, 10);
    EXPECT_TRUE(augmentBatch(x, AugmentSpec{}, 1).equal(x));
    const AugmentSpec all{true, 2, 15.0, 0.1, 0.2, 0.2};
    const torch::Tensor a = augmentBatch(x, all, 7);
    EXPECT_TRUE(a.equal(augmentBatch(x, all, 7)));
    EXPECT_FALSE(a.equal(augmentBatch(x, all, 8)));
    EXPECT_FALSE(a.equal(x));
    AugmentSpec smooth = all;
    smooth.bilinear = true;
    EXPECT_FALSE(augmentBatch(x, smooth, 7).equal(a)); // same draws, resampled otherwise
    EXPECT_EQ(a.sizes(), x.sizes());
    EXPECT_GE(a.min().item<float>(), 0.0f);
    EXPECT_LE(a.max().item<float>(), 1.0f);
    EXPECT_NE(batchSeed(0, 1, 0), batchSeed(0, 1, 1));
    EXPECT_NE(batchSeed(0, 1, 0), batchSeed(0, 2, 0));
}

TEST(Augment, FlipMirrorsAndShiftMovesWholePixels)
{
    const torch::Tensor x = ramp(64, 1, 8, 8);
    AugmentSpec flip;
    flip.hflip = true;
    const torch::Tensor flipped = augmentBatch(x, flip, 3);
    int mirrored = 0;
    for (int64_t i = 0; i < 64; ++i) {
        const bool same = flipped[i].allclose(x[i], 0, 1e-5);
        const bool mirror = flipped[i].allclose(x[i].flip(2), 0, 1e-5);
        EXPECT_TRUE(same || mirror) << "sample " << i;
        mirrored += mirror ? 1 : 0;
    }
    EXPECT_GT(mirrored, 16);
    EXPECT_LT(mirrored, 48);

    AugmentSpec crop;
    crop.cropPadding = 2;
    const torch::Tensor moved = augmentBatch(x, crop, 5);
    std::set<std::pair<int64_t, int64_t>> shifts;
    for (int64_t i = 0; i < 64; ++i) {
        bool found = false;
        for (int64_t dy = -2; dy <= 2 && !found; ++dy)
            for (int64_t dx = -2; dx <= 2 && !found; ++dx)
                if (moved[i].allclose(shifted(x[i], dx, dy), 0, 1e-5)) {
                    found = true;
                    shifts.insert({dx, dy});
                }
        EXPECT_TRUE(found) << "sample " << i << " is no whole-pixel shift of at most 2";
    }
    EXPECT_GT(shifts.size(), 10u);
}

TEST(Augment, TheGridShowsAClassPerRowWithItsVariants)
{
    test::ScratchDir dir;
    workspace::Workspace ws(dir / "ws");
    datasets::DatasetStore store(ws);
    store.importFiles("digits", {test::sharedData() / "mnist-png-500"}, {}, "", {});
    const auto content = store.load("digits");
    AugmentSpec spec;
    spec.rotation = 20;
    spec.cropPadding = 3;
    const AugmentGrid grid = augmentGrid(content, spec, 0);
    // 28-pixel digits shown three times as large, 8 columns and 4 rows with 2-pixel gutters.
    EXPECT_EQ(grid.width, 8 * 84 + 9 * 2);
    EXPECT_EQ(grid.height, 4 * 84 + 5 * 2);
    int w = 0, h = 0, c = 0;
    stbi_uc *decoded = stbi_load_from_memory(reinterpret_cast<const stbi_uc *>(grid.png.data()),
                                             int(grid.png.size()), &w, &h, &c, 0);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(w, grid.width);
    EXPECT_EQ(h, grid.height);
    EXPECT_EQ(c, 1);
    const auto pixel = [&](int x, int y) { return int(decoded[y * w + x]); };
    EXPECT_EQ(pixel(0, 0), 255);   // gutter
    EXPECT_EQ(pixel(87, 40), 255); // gutter between the original and its first variant
    // The first cell is the first training sample of the first class, enlarged.
    const int64_t first = content.splits.count("train") ? content.splits.at("train")[0] : 0;
    for (int y = 0; y < 28; y += 5)
        for (int x = 0; x < 28; x += 5)
            EXPECT_EQ(pixel(2 + 3 * x + 1, 2 + 3 * y + 1),
                      int(content.pixels[size_t(first) * 784 + size_t(y) * 28 + size_t(x)]));
    stbi_image_free(decoded);

    datasets::DatasetContent table = test::blobs();
    EXPECT_THROW(augmentGrid(table, spec, 0), Error);
}

TEST(Augment, ACnnTrainsWithAugmentationAndATableRunIsRefused)
{
    test::ScratchDir dir;
    workspace::Workspace ws(dir / "ws");
    datasets::DatasetStore store(ws);
    store.importFiles("digits", {test::sharedData() / "mnist-png-500"}, {}, "", {});
    json spec{{"dataset", "digits"},
              {"model", {{"arch", "cnn"}}},
              {"epochs", 3},
              {"batch_size", 32},
              {"device", "cpu"},
              {"threads", 1},
              {"augment", {{"hflip", false}, {"crop_padding", 2}, {"rotation", 10}}}};
    const int64_t id = createRun(ws, spec);
    const TrainOutcome outcome = trainRun(ws, id, {});
    ASSERT_EQ(outcome.status, RunStatus::Finished) << outcome.error;
    const RunRecord run = RunStore(ws).get(id);
    EXPECT_EQ(run.spec["augment"]["crop_padding"], 2);
    EXPECT_GT(run.summary["metrics"]["val_accuracy"].get<double>(), 0.25); // chance is 0.1

    test::addBlobs(ws);
    json table{{"dataset", "blobs"}, {"model", {{"arch", "mlp"}}}, {"augment", {{"hflip", true}}}};
    EXPECT_NE(errorOf([&] {
                  createRun(ws, table);
              }).find("augment applies to image datasets; blobs@v1 is not one"),
              std::string::npos);
}
