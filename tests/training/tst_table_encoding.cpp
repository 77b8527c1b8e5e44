// Tables with typed columns: the column encoding is fitted on the train split only, encodes
// missing, unseen and date cells as documented (models/table_encoder.h), and a model trains on a
// table whose classes show only in a category and a date, read from a real CSV import.
#include "../datasets/test_files.h"
#include "datasets/date_text.h"
#include "models/table_encoder.h"
#include "training/input_fit.h"
#include "training/run_store.h"
#include "training/trainer.h"
#include "workspace/error.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace dllab;
using datasets::ColumnType;
using nlohmann::json;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// Columns: a number, a colour (3 categories), a date, a name (text).
datasets::DatasetContent mixedTable()
{
    datasets::DatasetContent c;
    c.kind = datasets::DatasetKind::Table;
    c.featureShape = {4};
    c.columnNames = {"x", "colour", "when", "name"};
    c.columnInfo = {{ColumnType::Numeric, {}},
                    {ColumnType::Categorical, {"blue", "green", "red"}},
                    {ColumnType::Date, {}},
                    {ColumnType::Text, {"ann", "bob"}}};
    c.classNames = {"a", "b"};
    const float rows[][4] = {{1, 0, 0, 0}, {2, 2, 1, 1}, {kNaN, kNaN, kNaN, 0}, {1000, 1, 7, 1}};
    for (const auto &row : rows)
        c.values.insert(c.values.end(), row, row + 4);
    c.labels = {0, 1, 0, 1};
    return c;
}

} // namespace

TEST(ColumnEncoding, FitsOnTheTrainRowsOnly)
{
    const auto content = mixedTable();
    EXPECT_TRUE(training::needsColumnEncoding(content));
    const auto input = training::fitColumnEncoding(models::ModelInput{}, content, {0, 1, 2});
    ASSERT_EQ(input.columns.size(), 4u);
    const auto &x = input.columns[0];
    EXPECT_EQ(x.fill, 2.0); // the median of 1 and 2 (the upper one); 1000 is not a train row
    EXPECT_NEAR(x.mean, (1 + 2 + 2) / 3.0, 1e-12); // the missing cell counts as its fill
    EXPECT_EQ(input.columns[1].categories.size(), 3u);
    EXPECT_EQ(input.featureWidth(), 1 + 4 + 5 + 0);
    EXPECT_THROW(training::fitColumnEncoding(models::ModelInput{},
                                             [] {
                                                 auto text = mixedTable();
                                                 for (size_t c = 0; c < 3; ++c)
                                                     text.columnInfo[c].type = ColumnType::Text;
                                                 return text;
                                             }(),
                                             {0}),
                 Error);
}

TEST(ColumnEncoding, EncodesMissingUnseenAndDates)
{
    models::InputColumn number{"x", ColumnType::Numeric, {}, 5.0, 4.0, 2.0};
    models::InputColumn colour{"colour", ColumnType::Categorical, {"a", "b"}, 0, 0, 1};
    models::InputColumn when{"when", ColumnType::Date, {}, 0, 2000.0, 10.0};
    models::TableEncoder encoder({number, colour, when});
    const float monday = float(datasets::daysFromCivil(2024, 1, 1)); // a Monday, early January
    const torch::Tensor raw = torch::tensor({8.0f, 1.0f, monday, kNaN, 7.0f, kNaN}).reshape({2, 3});
    const torch::Tensor out = encoder.encode(raw);
    ASSERT_EQ(out.sizes(), (std::vector<int64_t>{2, 1 + 3 + 5}));
    const auto row = [&](int r) {
        return std::vector<float>(out[r].data_ptr<float>(), out[r].data_ptr<float>() + 9);
    };
    const auto a = row(0), b = row(1);
    EXPECT_FLOAT_EQ(a[0], (8 - 4) / 2.0f);
    EXPECT_EQ(std::vector<float>(a.begin() + 1, a.begin() + 4), (std::vector<float>{0, 1, 0}));
    EXPECT_FLOAT_EQ(b[0], (5 - 4) / 2.0f); // fill
    EXPECT_EQ(std::vector<float>(b.begin() + 1, b.begin() + 4),
              (std::vector<float>{0, 0, 1}));            // unseen
    EXPECT_NEAR(a[4], (2024.0 - 2000) / 10, 0.01);       // the year
    EXPECT_NEAR(a[5], 0.0, 0.02);                        // sin of the time of year: January
    EXPECT_NEAR(a[6], 1.0, 0.01);                        // cos
    EXPECT_NEAR(a[7], 0.0, 1e-5);                        // sin of Monday (weekday 0)
    EXPECT_NEAR(a[8], 1.0, 1e-5);                        // cos
    EXPECT_NEAR(b[4], (1970.0 - 2000) / 10, 0.01);       // a missing date is its fill, day 0
    EXPECT_NEAR(b[7], std::sin(3 * 2 * M_PI / 7), 1e-5); // 1970-01-01 was a Thursday
}

// The class is the colour, or a date after 2010, from a real CSV import: half the numbers are
// missing and the ids are text (no feature).
TEST(ColumnEncoding, TrainsOnCategoriesAndDatesFromACsv)
{
    test::ScratchDir dir;
    std::string csv = "noise,colour,when,id,label\n";
    std::mt19937 random(5);
    for (int i = 0; i < 600; ++i) {
        const int colour = int(random() % 3);
        const int year = 2000 + int(random() % 20);
        const bool positive = colour == 0 || year > 2010;
        csv += (i % 2 ? "NA" : std::to_string(random() % 100)) + ","
               + std::vector<std::string>{"red", "green", "blue"}[size_t(colour)] + ","
               + std::to_string(year) + "-0" + std::to_string(1 + i % 9) + "-15,row"
               + std::to_string(i) + "," + (positive ? "yes" : "no") + "\n";
    }
    workspace::Workspace ws(dir / "ws");
    datasets::DatasetStore store(ws);
    store.importFiles("mixed", {dir.write("mixed.csv", csv)}, {}, "", {});
    const auto split = store.split("mixed", 0.1, 0.2, 0, {});
    json spec = {{"dataset", "mixed"}, {"model", {{"arch", "mlp"}, {"hidden", {32}}}},
                 {"epochs", 40},       {"batch_size", 32},
                 {"seed", 1},          {"device", "cpu"},
                 {"threads", 1}};
    spec["optimizer"]["lr"] = 0.01;
    const int64_t id = training::createRun(ws, spec);
    const auto outcome = training::trainRun(ws, id, {});
    ASSERT_EQ(outcome.status, training::RunStatus::Finished) << outcome.error;
    const json metrics = training::RunStore(ws).get(id).summary["metrics"];
    EXPECT_GT(metrics["test_accuracy"].get<double>(), 0.95) << metrics.dump();
}

// A regression target in large units (prices in the thousands) trains to a good R² because the
// target is standardised inside the model, which still answers in the target's own units.
TEST(Regression, TrainsInTheTargetsUnitsWithMseOrHuber)
{
    test::ScratchDir dir;
    std::string csv = "a,b,colour,price\n";
    std::mt19937 random(9);
    std::normal_distribution<double> noise(0.0, 0.05);
    for (int i = 0; i < 800; ++i) {
        const double a = double(random() % 1000) / 100.0, b = double(random() % 1000) / 100.0;
        const int colour = int(random() % 3);
        const double price = 50000 + 1000 * (3 * a - 2 * b + 5 * colour + noise(random));
        csv += std::to_string(a) + "," + std::to_string(b) + ","
               + std::vector<std::string>{"red", "green", "blue"}[size_t(colour)] + ","
               + std::to_string(price) + "\n";
    }
    workspace::Workspace ws(dir / "ws");
    datasets::DatasetStore store(ws);
    store.importFiles("prices", {dir.write("prices.csv", csv)}, {}, "", {});
    store.split("prices", 0.1, 0.2, 0, {});
    json spec = {{"dataset", "prices"}, {"model", {{"arch", "mlp"}, {"hidden", {32}}}},
                 {"epochs", 60},        {"batch_size", 32},
                 {"seed", 1},           {"device", "cpu"},
                 {"threads", 1}};
    spec["optimizer"]["lr"] = 0.005;
    spec["optimizer"]["name"] = "adam";
    for (const char *loss : {"auto", "huber"}) {
        spec["loss"] = loss;
        const int64_t id = training::createRun(ws, spec);
        const auto outcome = training::trainRun(ws, id, {});
        ASSERT_EQ(outcome.status, training::RunStatus::Finished) << outcome.error;
        const json summary = training::RunStore(ws).get(id).summary;
        const json metrics = summary["metrics"];
        EXPECT_GT(metrics["test_r2"].get<double>(), 0.95) << loss << metrics.dump();
        EXPECT_FALSE(metrics.contains("test_accuracy"));
        EXPECT_EQ(summary["task"], "regression");
        EXPECT_EQ(summary["target"], "price");
        // rmse in dollars: the spread is ~20,000, a good model is off by far less.
        EXPECT_LT(metrics["test_rmse"].get<double>(), 2000.0) << metrics.dump();
        EXPECT_LE(metrics["test_mae"].get<double>(), metrics["test_rmse"].get<double>());
        const json &test = summary["test"];
        EXPECT_EQ(test["points"].size(), 160u);
        int64_t binned = 0;
        for (const auto &count : test["residuals"]["counts"])
            binned += count.get<int64_t>();
        EXPECT_EQ(binned, 160);
        // A point is (sample, actual, predicted) with the actual value of that sample.
        const auto content = store.load(training::RunStore(ws).get(id).datasetRef);
        const json &point = test["points"][0];
        EXPECT_FLOAT_EQ(content.targets.at(point[0].get<size_t>()), point[1].get<float>());
        EXPECT_GT(point[2].get<double>(), 10000.0); // in dollars, not standardised
    }
    spec["loss"] = "cross_entropy";
    EXPECT_THROW(training::createRun(ws, spec), Error);
}
