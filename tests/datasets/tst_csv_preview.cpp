// The CSV import preview: the header as the reader splits it, each column's role, type, missing
// cells and examples, the first rows, and the reader's notes and errors.
#include "datasets/csv_preview.h"
#include "test_files.h"
#include "workspace/error.h"

#include <cmath>

using namespace dllab;
using namespace dllab::datasets;

namespace {

const CsvColumnSummary &column(const CsvPreview &preview, const std::string &name)
{
    for (const auto &summary : preview.columns)
        if (summary.name == name)
            return summary;
    throw std::runtime_error("no column " + name);
}

} // namespace

TEST(CsvPreview, HeaderAsTheReaderSplitsIt)
{
    test::ScratchDir dir;
    EXPECT_EQ(
        readCsvHeader(dir.write("a.csv", "\xEF\xBB\xBF\"x, y\";\"say \"\"hi\"\"\";z\r\n1;2;3\n")),
        (std::vector<std::string>{"x, y", "say \"hi\"", "z"}));
    EXPECT_EQ(readCsvHeader(dir.write("b.tsv", "a,b\tc\n")),
              (std::vector<std::string>{"a,b", "c"}));
    EXPECT_EQ(readCsvHeader(dir.write("blank.csv", "\r\n\na,b\n1,2\n")),
              (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(readCsvHeader(dir.write("c.csv", "a,\"two\nlines\",c")),
              (std::vector<std::string>{"a", "two\nlines", "c"}));
    EXPECT_THROW(readCsvHeader(dir.write("d.csv", "")), Error);
    EXPECT_THROW(readCsvHeader(dir.write("e.csv", "a,\"open")), Error);
    EXPECT_THROW(readCsvHeader(dir / "missing.csv"), Error);
}

TEST(CsvPreview, SummarisesWhatTheImportWouldKeep)
{
    test::ScratchDir dir;
    const auto file = dir.write("t.csv", "n,city,when,same,empty,skip,label\n"
                                         "1,Oslo,2012-01-31,k,,x,a\n"
                                         "NA,Rome,2012-02-01,k,,y,b\n"
                                         "3,Oslo,,k,,z,\n"
                                         "4,Lima,2012-02-03,k,,w,a\n");
    ImportOptions options;
    options.columnTypes["skip"] = ColumnType::Ignore;
    const CsvPreview preview = previewCsv(file, options, {}, 2);
    ASSERT_TRUE(preview.error.empty()) << preview.error;
    ASSERT_EQ(preview.columns.size(), 7u);
    EXPECT_EQ(preview.labelIndex, 6);
    EXPECT_EQ(preview.rows, 3);

    const auto &n = column(preview, "n");
    EXPECT_EQ(n.role, ColumnRole::Feature);
    EXPECT_EQ(n.type, ColumnType::Numeric);
    EXPECT_EQ(n.missing, 1);
    EXPECT_EQ(n.examples, (std::vector<float>{1, 4}));
    const auto &city = column(preview, "city");
    EXPECT_EQ(city.type, ColumnType::Categorical);
    EXPECT_EQ(city.distinct, 3); // Lima, Oslo, Rome: the row without a label is left out
    EXPECT_EQ(column(preview, "when").type, ColumnType::Date);
    EXPECT_EQ(column(preview, "same").role, ColumnRole::Dropped);
    EXPECT_EQ(column(preview, "same").note, "every cell is the same");
    EXPECT_EQ(column(preview, "empty").note, "every cell is missing");
    EXPECT_EQ(column(preview, "skip").role, ColumnRole::Ignored);
    EXPECT_TRUE(column(preview, "skip").forced);
    const auto &label = column(preview, "label");
    EXPECT_EQ(label.role, ColumnRole::Label);
    EXPECT_EQ(label.missing, 1);
    EXPECT_EQ(label.distinct, 2);
    EXPECT_EQ(preview.notes.size(), 3u);

    EXPECT_EQ(preview.head.samples(), 2);
    EXPECT_EQ(preview.head.columnNames, (std::vector<std::string>{"n", "city", "when"}));
    EXPECT_EQ(preview.head.values.size(), 6u);
    EXPECT_TRUE(std::isnan(preview.head.values[3])); // NA in the second row
    EXPECT_EQ(preview.head.classNames, (std::vector<std::string>{"a", "b"}));
}

TEST(CsvPreview, TheReadersErrorKeepsTheHeader)
{
    test::ScratchDir dir;
    const auto file = dir.write("t.csv", "n,city,label\n1,Oslo,a\n2,Rome,b\n");
    ImportOptions options;
    options.labelColumn = "n";
    options.columnTypes["city"] = ColumnType::Numeric;
    const CsvPreview preview = previewCsv(file, options, {});
    EXPECT_EQ(preview.error, "t.csv: line 2, column 2 ('city'): 'Oslo' is not a number");
    ASSERT_EQ(preview.columns.size(), 3u);
    EXPECT_EQ(preview.labelIndex, 0);
    EXPECT_EQ(preview.columns[0].role, ColumnRole::Label);
    EXPECT_TRUE(preview.columns[1].forced);
    EXPECT_EQ(preview.rows, 0);

    options.labelColumn = "nope";
    options.columnTypes.clear();
    const CsvPreview unknown = previewCsv(file, options, {});
    EXPECT_NE(unknown.error.find("no column named 'nope'"), std::string::npos) << unknown.error;
    EXPECT_EQ(unknown.labelIndex, -1);
}

TEST(CsvPreview, AStopIsNotAnError)
{
    test::ScratchDir dir;
    std::string text = "a,label\n";
    for (int i = 0; i < 200000; ++i)
        text += std::to_string(i) + ",x" + std::to_string(i % 3) + "\n";
    const auto file = dir.write("big.csv", text);
    std::stop_source stop;
    stop.request_stop();
    EXPECT_THROW(previewCsv(file, {}, JobContext{stop.get_token(), {}}), Cancelled);
}

TEST(CsvPreview, BirdstrikesTypes)
{
    const CsvPreview preview = previewCsv(test::sharedData() / "birdstrikes.csv", {}, {});
    ASSERT_TRUE(preview.error.empty()) << preview.error;
    EXPECT_EQ(column(preview, "Flight Date").type, ColumnType::Date);
    EXPECT_EQ(column(preview, "Wildlife Size").type, ColumnType::Categorical);
    EXPECT_EQ(column(preview, "Cost Total $").type, ColumnType::Numeric);
    EXPECT_EQ(column(preview, "Speed IAS in knots").missing, 2836);
    EXPECT_EQ(preview.rows, 10000 - 2836);
}
