// Importers against the real data in shared/data and against small, often malformed, files
// written here. Every malformed-input case checks that the message names the file and the record.
#include "datasets/csv_preview.h"
#include "datasets/date_text.h"
#include "datasets/importers.h"
#include "error_checks.h"
#include "test_files.h"
#include "workspace/error.h"

#include <gtest/gtest.h>
#include <stb/stb_image_write.h>
#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <numeric>

namespace dllab::datasets {
namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;
using test::errorOf;
using test::ScratchDir;
using test::sharedData;

const JobContext noJob;

std::vector<int64_t> classCounts(const DatasetContent &content, const std::vector<int64_t> &indices)
{
    std::vector<int64_t> counts(content.classNames.size());
    for (const auto index : indices)
        ++counts[std::size_t(content.labels[std::size_t(index)])];
    return counts;
}

std::vector<int64_t> range(int64_t begin, int64_t end)
{
    std::vector<int64_t> values(std::size_t(end - begin));
    std::iota(values.begin(), values.end(), begin);
    return values;
}

std::string fileBytes(const fs::path &file)
{
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string bigEndian(uint32_t value)
{
    return {char(value >> 24), char(value >> 16), char(value >> 8), char(value)};
}

std::string idxImages(uint32_t count, uint32_t rows, uint32_t cols, const std::string &pixels)
{
    return bigEndian(0x803) + bigEndian(count) + bigEndian(rows) + bigEndian(cols) + pixels;
}

std::string idxLabels(const std::string &labels)
{
    return bigEndian(0x801) + bigEndian(uint32_t(labels.size())) + labels;
}

template <typename T>
std::string npy(const std::string &descr, const std::string &shape, const std::vector<T> &data,
                bool fortran = false)
{
    std::string header = "{'descr': '" + descr + "', 'fortran_order': "
                         + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
    header.resize(((header.size() + 11) / 64 + 1) * 64 - 11, ' ');
    header += '\n';
    std::string bytes = "\x93NUMPY";
    bytes += char(1);
    bytes += char(0);
    bytes += char(header.size() & 0xFF);
    bytes += char(header.size() >> 8);
    bytes += header;
    bytes.append(reinterpret_cast<const char *>(data.data()), data.size() * sizeof(T));
    return bytes;
}

fs::path writeGzip(const fs::path &file, const std::string &bytes)
{
    gzFile out = gzopen(file.c_str(), "wb");
    EXPECT_TRUE(out);
    EXPECT_EQ(gzwrite(out, bytes.data(), unsigned(bytes.size())), int(bytes.size()));
    gzclose(out);
    return file;
}

fs::path writePng(const fs::path &file, int width, int height, int channels, uint8_t base)
{
    fs::create_directories(file.parent_path());
    std::vector<uint8_t> pixels(std::size_t(width * height * channels));
    for (std::size_t i = 0; i < pixels.size(); ++i)
        pixels[i] = uint8_t(base + i);
    EXPECT_TRUE(
        stbi_write_png(file.c_str(), width, height, channels, pixels.data(), width * channels));
    return file;
}

// ---- real data ----

TEST(Importers, MnistFolderReadsTrainThenTest)
{
    const auto content = readIdx({sharedData() / "mnist-10k"}, noJob);
    EXPECT_EQ(content.kind, DatasetKind::Image);
    EXPECT_EQ(content.samples(), 10000);
    EXPECT_EQ(content.featureShape, (std::vector<int64_t>{1, 28, 28}));
    EXPECT_EQ(content.pixels.size(), 10000u * 28 * 28);
    EXPECT_EQ(content.classNames,
              (std::vector<std::string>{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}));
    ASSERT_EQ(content.splits.size(), 2u);
    EXPECT_EQ(content.splits.at("train"), range(0, 8000));
    EXPECT_EQ(content.splits.at("test"), range(8000, 10000));
    EXPECT_EQ(classCounts(content, content.splits.at("train")),
              (std::vector<int64_t>{823, 914, 792, 826, 784, 681, 798, 848, 755, 779}));
    EXPECT_EQ(classCounts(content, content.splits.at("test")),
              (std::vector<int64_t>{178, 213, 199, 206, 196, 182, 216, 222, 189, 199}));
    EXPECT_EQ(content.sourceFiles.size(), 4u);
    EXPECT_GT(*std::max_element(content.pixels.begin(), content.pixels.end()), 200);
}

TEST(Importers, MnistPairInEitherOrderHasNoSplits)
{
    const auto folder = sharedData() / "mnist-10k";
    const auto content = readDataset(
        {folder / "t10k-labels-idx1-ubyte.gz", folder / "t10k-images-idx3-ubyte.gz"}, {}, noJob);
    EXPECT_EQ(content.samples(), 2000);
    EXPECT_TRUE(content.splits.empty());
    EXPECT_EQ(classCounts(content, range(0, 2000)),
              (std::vector<int64_t>{178, 213, 199, 206, 196, 182, 216, 222, 189, 199}));
}

TEST(Importers, RawIdxReadsLikeGzip)
{
    ScratchDir dir;
    const auto images = dir.write("x-images-idx3-ubyte", idxImages(3, 2, 2, std::string(12, '\7')));
    const auto labels = dir.write("x-labels-idx1-ubyte", idxLabels({0, 4, 2}));
    const auto content = readIdx({images, labels}, noJob);
    EXPECT_EQ(content.samples(), 3);
    EXPECT_EQ(content.featureShape, (std::vector<int64_t>{1, 2, 2}));
    EXPECT_EQ(content.labels, (std::vector<int64_t>{0, 4, 2}));
    EXPECT_EQ(content.classNames.size(), 5u);
    // A folder of renamed files is found by the IDX magic.
    fs::create_directories(dir / "renamed");
    fs::copy_file(images, dir / "renamed" / "pixels.bin");
    fs::copy_file(labels, dir / "renamed" / "digits.bin");
    EXPECT_EQ(detectFormat({dir / "renamed"}), ImportFormat::Idx);
    EXPECT_EQ(readDataset({dir / "renamed"}, {}, noJob).labels, content.labels);
}

TEST(Importers, MnistPngFolder)
{
    const auto folder = sharedData() / "mnist-png-500";
    EXPECT_EQ(detectFormat({folder}), ImportFormat::ImageFolder);
    int progressCalls = 0;
    double lastFraction = 0;
    JobContext ctx;
    ctx.onProgress = [&](double fraction, const std::string &) {
        ++progressCalls;
        lastFraction = fraction;
    };
    const auto content = readDataset({folder}, {}, ctx);
    EXPECT_EQ(content.kind, DatasetKind::Image);
    EXPECT_EQ(content.samples(), 500);
    EXPECT_EQ(content.featureShape, (std::vector<int64_t>{1, 28, 28}));
    EXPECT_EQ(content.classNames,
              (std::vector<std::string>{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}));
    EXPECT_EQ(classCounts(content, range(0, 500)), std::vector<int64_t>(10, 50));
    EXPECT_GT(progressCalls, 1);
    EXPECT_EQ(lastFraction, 1.0);
}

TEST(Importers, IrisCsv)
{
    const auto file = sharedData() / "iris.csv";
    EXPECT_EQ(detectFormat({file}), ImportFormat::Csv);
    const auto content = readDataset({file}, {}, noJob);
    EXPECT_EQ(content.kind, DatasetKind::Table);
    EXPECT_EQ(content.samples(), 150);
    EXPECT_EQ(content.featureShape, (std::vector<int64_t>{4}));
    EXPECT_EQ(content.columnNames, (std::vector<std::string>{"sepal_length", "sepal_width",
                                                             "petal_length", "petal_width"}));
    EXPECT_EQ(content.classNames, (std::vector<std::string>{"setosa", "versicolor", "virginica"}));
    EXPECT_EQ(classCounts(content, range(0, 150)), (std::vector<int64_t>{50, 50, 50}));
    EXPECT_EQ(std::vector<float>(content.values.begin(), content.values.begin() + 4),
              (std::vector<float>{5.1f, 3.5f, 1.4f, 0.2f}));
}

// ---- CSV ----

TEST(CsvImport, Rfc4180QuotingAndCrlf)
{
    ScratchDir dir;
    const auto file = dir.write("q.csv", "\"a\",\"b, with comma\",label\r\n"
                                         "1,\"2.5\",\"x, y\"\r\n"
                                         "\"-3\",4e2,\"say \"\"hi\"\"\"\r\n"
                                         "5,+6,\"two\r\nlines\"\r\n"
                                         "7, 8 ,\"x, y\""); // no line end at the end
    const auto content = readCsv(file, "", noJob);
    EXPECT_EQ(content.columnNames, (std::vector<std::string>{"a", "b, with comma"}));
    EXPECT_EQ(content.values, (std::vector<float>{1, 2.5f, -3, 400, 5, 6, 7, 8}));
    EXPECT_EQ(content.classNames, (std::vector<std::string>{"say \"hi\"", "two\r\nlines", "x, y"}));
    EXPECT_EQ(content.labels, (std::vector<int64_t>{2, 0, 1, 2}));
}

TEST(CsvImport, LineNumbersCountEmbeddedNewlinesAndBlankLines)
{
    ScratchDir dir;
    const auto file = dir.write("lines.csv", "a,label\n1,\"x\ny\nz\"\n\n2,w\n3x,w\n");
    ImportOptions numeric;
    numeric.columnTypes["a"] = ColumnType::Numeric; // inferred, '3x' would make it categorical
    EXPECT_ERROR_HAS(readCsv(file, numeric, noJob), "lines.csv: line 7, column 1 ('a')",
                     "'3x' is not a number");
}

TEST(CsvImport, LabelColumnByName)
{
    ScratchDir dir;
    const auto file = dir.write("l.csv", "species,x,y\ncat,1,2\ndog,3,4\ncat,5,6\n");
    const auto content = readCsv(file, "species", noJob);
    EXPECT_EQ(content.columnNames, (std::vector<std::string>{"x", "y"}));
    EXPECT_EQ(content.values, (std::vector<float>{1, 2, 3, 4, 5, 6}));
    EXPECT_EQ(content.classNames, (std::vector<std::string>{"cat", "dog"}));
    EXPECT_EQ(content.labels, (std::vector<int64_t>{0, 1, 0}));
    ImportOptions options;
    options.labelColumn = "y";
    const auto middle = readDataset({dir.write("m.csv", "x,y,z\n1,2,3\n4,5,6\n")}, options, noJob);
    EXPECT_EQ(middle.columnNames, (std::vector<std::string>{"x", "z"}));
    EXPECT_EQ(middle.values, (std::vector<float>{1, 3, 4, 6}));
    EXPECT_EQ(middle.classNames, (std::vector<std::string>{"2", "5"}));
    // With y as the label, the species text is a categorical feature.
    const auto byY = readCsv(file, "y", noJob);
    EXPECT_EQ(byY.columnNames, (std::vector<std::string>{"species", "x"}));
    EXPECT_EQ(byY.columnType(0), ColumnType::Categorical);
    EXPECT_EQ(byY.columnInfo[0].categories, (std::vector<std::string>{"cat", "dog"}));
    EXPECT_EQ(byY.values, (std::vector<float>{0, 1, 1, 3, 0, 5}));
    EXPECT_ERROR_HAS(readCsv(file, "weight", noJob), "l.csv", "'weight'", "'species', 'x', 'y'");
}

// A gzip-compressed table (birdstrikes.csv.gz as published) imports as the CSV it holds, by its
// .csv.gz name; its header is read through zlib too (the import preview's), and corrupt gzip
// data is an error naming the file.
TEST(CsvImport, GzipCompressedTablesReadAsTheirCsv)
{
    ScratchDir dir;
    const std::string text =
        "species,x,when\ncat,1,2012-01-01\ndog,,2012-02-01\ncat,5,2012-03-01\n";
    const auto plain = readCsv(dir.write("t.csv", text), "species", noJob);
    const auto gz = writeGzip(dir / "t.csv.gz", text);
    EXPECT_EQ(detectFormat({gz}), ImportFormat::Csv);
    const auto packed = readDataset(
        {gz},
        [] {
            ImportOptions options;
            options.labelColumn = "species";
            return options;
        }(),
        noJob);
    EXPECT_EQ(packed.columnNames, plain.columnNames);
    EXPECT_EQ(packed.columnType(1), ColumnType::Date);
    EXPECT_EQ(packed.labels, plain.labels);
    ASSERT_EQ(packed.values.size(), plain.values.size());
    for (size_t i = 0; i < plain.values.size(); ++i)
        EXPECT_TRUE(packed.values[i] == plain.values[i]
                    || (std::isnan(packed.values[i]) && std::isnan(plain.values[i])));
    EXPECT_EQ(readCsvHeader(gz), (std::vector<std::string>{"species", "x", "when"}));
    std::string broken = std::string("\x1f\x8b\x08\x00", 4) + std::string(64, '\x55');
    EXPECT_ERROR_HAS(readCsv(dir.write("bad.csv.gz", broken), "species", noJob), "bad.csv.gz");
}

TEST(CsvImport, IntegerLabelsSortNumerically)
{
    ScratchDir dir;
    const auto file = dir.write("n.csv", "x,label\n1,10\n2,2\n3,1\n4,02\n");
    const auto content = readCsv(file, "", noJob);
    EXPECT_EQ(content.classNames, (std::vector<std::string>{"1", "2", "10"}));
    EXPECT_EQ(content.labels, (std::vector<int64_t>{2, 1, 0, 1}));
}

TEST(CsvImport, ByteOrderMarkAndTsv)
{
    ScratchDir dir;
    const auto csv = readCsv(dir.write("bom.csv", "\xEF\xBB\xBFx,label\n1,a\n"), "", noJob);
    EXPECT_EQ(csv.columnNames, (std::vector<std::string>{"x"}));
    const auto tsv = readCsv(dir.write("t.tsv", "x\ty\tlabel\n1\t2\ta\n"), "", noJob);
    EXPECT_EQ(tsv.values, (std::vector<float>{1, 2}));
}

// Types as a real table mixes them: text categories, ISO and day-first dates, missing-value
// markers, a decimal comma, and a label missing in one row.
TEST(CsvImport, InfersColumnTypesAndMissingCells)
{
    ScratchDir dir;
    const auto file = dir.write("mixed.csv", "id;colour;when;size;flag;label\r\n"
                                             "a1;red;31/01/2012;1,5;true;yes\r\n"
                                             "a2;blue;01/02/2012;NA;false;no\r\n"
                                             "a3;;15/03/2013;2,25;true;\r\n"
                                             "a4;red;?;-3;true;no\r\n");
    ImportOptions options;
    options.decimal = ',';
    const auto content = readCsv(file, options, noJob);
    EXPECT_EQ(content.columnNames,
              (std::vector<std::string>{"id", "colour", "when", "size", "flag"}));
    EXPECT_EQ(content.samples(), 3); // the row without a label is left out
    EXPECT_EQ(content.columnType(0), ColumnType::Categorical); // 3 distinct of 3, but few
    EXPECT_EQ(content.columnType(1), ColumnType::Categorical);
    EXPECT_EQ(content.columnType(2), ColumnType::Date);
    EXPECT_EQ(content.columnType(3), ColumnType::Numeric);
    EXPECT_EQ(content.columnType(4), ColumnType::Categorical);
    EXPECT_EQ(content.columnInfo[1].categories, (std::vector<std::string>{"blue", "red"}));
    const auto cell = [&](int row, int column) { return content.values[size_t(row * 5 + column)]; };
    EXPECT_EQ(cell(0, 2), float(daysFromCivil(2012, 1, 31))); // day first: 31/01 decided it
    EXPECT_EQ(cell(1, 2), float(daysFromCivil(2012, 2, 1)));
    EXPECT_TRUE(std::isnan(cell(2, 2)));
    EXPECT_EQ(cell(0, 3), 1.5f);
    EXPECT_TRUE(std::isnan(cell(1, 3)));
    EXPECT_EQ(cell(2, 3), -3.0f);
    EXPECT_EQ(content.classNames, (std::vector<std::string>{"no", "yes"}));
    ASSERT_EQ(content.notes.size(), 1u);
    EXPECT_NE(content.notes[0].find("1 rows left out"), std::string::npos) << content.notes[0];

    // Mostly distinct strings are text; empty and constant columns are dropped and said so.
    std::string wide = "name,empty,same,x,label\n";
    for (int i = 0; i < 40; ++i)
        wide += "person" + std::to_string(i) + ",,7," + std::to_string(i % 5) + ","
                + (i % 2 ? "a" : "b") + "\n";
    const auto table = readCsv(dir.write("wide.csv", wide), "", noJob);
    EXPECT_EQ(table.columnNames, (std::vector<std::string>{"name", "x"}));
    EXPECT_EQ(table.columnType(0), ColumnType::Text);
    EXPECT_EQ(table.notes.size(), 2u);

    // Month-first dates stay month first; a forced type wins over inference.
    ImportOptions forced;
    forced.columnTypes["n"] = ColumnType::Categorical;
    forced.columnTypes["skip"] = ColumnType::Ignore;
    forced.missingMarkers = {"missing"};
    const auto us = readCsv(dir.write("us.csv", "d,n,skip,label\n01/31/2012,1,q,a\n"
                                                "02/01/2012,2,r,b\nmissing,1,s,a\n"),
                            forced, noJob);
    EXPECT_EQ(us.columnNames, (std::vector<std::string>{"d", "n"}));
    EXPECT_EQ(us.values[0], float(daysFromCivil(2012, 1, 31)));
    EXPECT_EQ(us.values[2], float(daysFromCivil(2012, 2, 1)));
    EXPECT_TRUE(std::isnan(us.values[4]));
    EXPECT_EQ(us.columnInfo[1].categories, (std::vector<std::string>{"1", "2"}));
}

// A numeric label with fractions or many values is a regression target; --task overrides.
TEST(CsvImport, NumericLabelsWithManyValuesAreRegressionTargets)
{
    const auto gapminder = readCsv(sharedData() / "gapminder.csv", "life_expect", noJob);
    EXPECT_EQ(gapminder.task, Task::Regression);
    EXPECT_EQ(gapminder.labelName, "life_expect");
    EXPECT_TRUE(gapminder.labels.empty());
    EXPECT_TRUE(gapminder.classNames.empty());
    ASSERT_EQ(gapminder.targets.size(), 682u);
    EXPECT_FLOAT_EQ(gapminder.targets[0], 43.88f); // Afghanistan 1955
    EXPECT_EQ(gapminder.samples(), 682);
    ASSERT_FALSE(gapminder.notes.empty());
    EXPECT_NE(gapminder.notes.back().find("regression"), std::string::npos);
    // The same file with an integer label of few values stays a classification.
    const auto clusters = readCsv(sharedData() / "gapminder.csv", "cluster", noJob);
    EXPECT_EQ(clusters.task, Task::Classification);
    EXPECT_EQ(clusters.classNames.size(), 6u);

    ScratchDir dir;
    ImportOptions options;
    options.task = Task::Classification;
    const auto fractions = dir.write("f.csv", "x,y\n1,0.5\n2,1.5\n3,0.5\n");
    EXPECT_EQ(readCsv(fractions, "", noJob).task, Task::Regression);
    const auto asClasses = readCsv(fractions, options, noJob);
    EXPECT_EQ(asClasses.task, Task::Classification);
    EXPECT_EQ(asClasses.classNames, (std::vector<std::string>{"0.5", "1.5"}));
    // Forced regression on text labels names the file, the column and the value.
    options.task = Task::Regression;
    const std::string error =
        errorOf([&] { readCsv(dir.write("t.csv", "x,kind\n1,3\n2,big\n"), options, noJob); });
    EXPECT_NE(error.find("t.csv"), std::string::npos) << error;
    EXPECT_NE(error.find("'kind'"), std::string::npos) << error;
    EXPECT_NE(error.find("big"), std::string::npos) << error;
    // Decimal commas in the label read as numbers too.
    ImportOptions european;
    european.decimal = ',';
    const auto comma = readCsv(dir.write("eu.csv", "x;y\n1;0,5\n2;1,25\n"), european, noJob);
    EXPECT_EQ(comma.task, Task::Regression);
    EXPECT_EQ(comma.targets, (std::vector<float>{0.5f, 1.25f}));
}

TEST(CsvImport, DatesParseAndPrint)
{
    EXPECT_EQ(daysFromCivil(1970, 1, 1), 0);
    EXPECT_EQ(daysFromCivil(2000, 3, 1), 11017);
    EXPECT_EQ(dateText(11017), "2000-03-01");
    EXPECT_EQ(parseDate("2012-01-31T12:00:00Z", DateOrder::Unknown)->days,
              double(daysFromCivil(2012, 1, 31)) + 0.5);
    EXPECT_EQ(parseDate("31.12.1999", DateOrder::Unknown)->order, DateOrder::DayFirst);
    EXPECT_FALSE(parseDate("2012-13-01", DateOrder::Unknown));
    EXPECT_FALSE(parseDate("31/01/2012", DateOrder::MonthFirst));
    EXPECT_FALSE(parseDate("12", DateOrder::Unknown));
    EXPECT_FALSE(parseDate("1.5", DateOrder::Unknown));
}

// Records, quoted fields and CRLFs cut by the 1 MiB chunk boundaries at every possible offset.
TEST(CsvImport, ManyChunks)
{
    ScratchDir dir;
    std::string text = "a,b,c,label\r\n";
    std::vector<float> expected;
    std::vector<std::string> labels;
    for (int row = 0; text.size() < 3'500'000; ++row) {
        const float a = float(row) * 0.25f, b = float(-row), c = float(row % 97) / 8;
        expected.insert(expected.end(), {a, b, c});
        const std::string label =
            row % 7 == 0 ? "\"multi\r\nline, \"\"q\"\"\"" : "L" + std::to_string(row % 5);
        text += std::to_string(a) + ","
                + (row % 3 ? std::to_string(b) : "\"" + std::to_string(b) + "\"") + ","
                + std::to_string(c) + "," + label + (row % 11 ? "\r\n" : "\n");
        labels.push_back(row % 7 == 0 ? "multi\r\nline, \"q\"" : "L" + std::to_string(row % 5));
    }
    const auto file = dir.write("big.csv", text);
    const auto content = readCsv(file, "", noJob);
    ASSERT_EQ(content.samples(), int64_t(labels.size()));
    EXPECT_EQ(content.values, expected);
    for (std::size_t i = 0; i < labels.size(); ++i)
        ASSERT_EQ(content.classNames[std::size_t(content.labels[i])], labels[i]) << "row " << i;
}

// The reader's shortcut for short decimals must give exactly what std::from_chars gives.
TEST(CsvImport, NumbersMatchFromCharsBitForBit)
{
    std::mt19937 random(7);
    const auto digits = [&](int count) {
        std::string text;
        for (int i = 0; i < count; ++i)
            text += char('0' + random() % 10);
        return text;
    };
    std::vector<std::string> cells;
    for (int i = 0; i < 200000; ++i) {
        std::string cell = random() % 3 ? "" : "-";
        switch (random() % 6) {
        case 0:
            cell += digits(1 + int(random() % 9));
            break;
        case 1:
            cell += digits(int(random() % 4)) + "." + digits(1 + int(random() % 8));
            break;
        case 2:
            cell += "0.000" + digits(1 + int(random() % 5));
            break;
        case 3:
            cell += digits(1 + int(random() % 3)) + "." + digits(int(random() % 3)) + "e"
                    + std::to_string(int(random() % 20) - 10);
            break;
        case 4:
            cell += digits(8 + int(random() % 12)) + "." + digits(int(random() % 9));
            break;
        default:
            cell += "." + digits(1 + int(random() % 7));
            break;
        }
        cells.push_back(cell);
    }
    std::string text = "x,y,label\n";
    for (std::size_t i = 0; i + 1 < cells.size(); i += 2)
        text += cells[i] + "," + cells[i + 1] + ",a\n";
    ScratchDir dir;
    const auto content = readCsv(dir.write("numbers.csv", text), "", noJob);
    ASSERT_EQ(content.values.size(), cells.size());
    for (std::size_t i = 0; i < cells.size(); ++i) {
        float expected = 0;
        std::from_chars(cells[i].data(), cells[i].data() + cells[i].size(), expected);
        uint32_t a, b;
        std::memcpy(&a, &content.values[i], 4);
        std::memcpy(&b, &expected, 4);
        ASSERT_EQ(a, b) << "cell '" << cells[i] << "'";
    }
}

TEST(CsvImport, Malformed)
{
    ScratchDir dir;
    const auto read = [&](const std::string &name, const std::string &text) {
        return readCsv(dir.write(name, text), "", noJob);
    };
    EXPECT_ERROR_HAS(read("empty.csv", ""), "empty.csv", "empty");
    EXPECT_ERROR_HAS(read("header.csv", "a,b,label\r\n"), "header.csv: line 2", "no data rows");
    EXPECT_ERROR_HAS(read("short.csv", "a,b,label\n1,2,x\n3,y\n"), "short.csv: line 3",
                     "2 fields, expected 3");
    EXPECT_ERROR_HAS(read("long.csv", "a,b,label\n1,2,x\n3,4,y,5,6\n"), "long.csv: line 3",
                     "5 fields, expected 3");
    ImportOptions numeric;
    numeric.columnTypes["b"] = ColumnType::Numeric;
    EXPECT_ERROR_HAS(readCsv(dir.write("nan.csv", "a,b,label\n1,2,x\n3,abc,y\n"), numeric, noJob),
                     "nan.csv: line 3, column 2 ('b')", "'abc' is not a number");
    ImportOptions date;
    date.columnTypes["b"] = ColumnType::Date;
    EXPECT_ERROR_HAS(
        readCsv(dir.write("date.csv", "a,b,label\n1,2012-01-31,x\n3,2012-02-30,y\n"), date, noJob),
        "date.csv: line 3, column 2 ('b')", "'2012-02-30' is not a date");
    ImportOptions unknown;
    unknown.columnTypes["weight"] = ColumnType::Numeric;
    EXPECT_ERROR_HAS(readCsv(dir.write("u.csv", "a,label\n1,x\n"), unknown, noJob), "u.csv",
                     "no column named 'weight'");
    EXPECT_ERROR_HAS(read("inf.csv", "a,b,label\n1,inf,x\n"), "inf.csv: line 2, column 2 ('b')",
                     "not a finite number");
    EXPECT_ERROR_HAS(read("nolabel.csv", "a,b,label\n1,2,\n"), "nolabel.csv",
                     "every row's label ('label') is missing");
    EXPECT_ERROR_HAS(read("text.csv", "a,label\n,x\nNA,y\n"), "text.csv", "no usable feature");
    EXPECT_ERROR_HAS(read("utf8.csv", "a,b,label\n1,2,x\n1,2,caf\xC3\n"),
                     "utf8.csv: line 3, column 3 ('label')", "invalid UTF-8");
    EXPECT_ERROR_HAS(read("utf8f.csv", "a,b,label\n1,\xFF,x\n"), "utf8f.csv: line 2, column 2",
                     "invalid UTF-8");
    EXPECT_ERROR_HAS(read("utf8h.csv", "a,\xED\xA0\x80,label\n1,2,x\n"),
                     "utf8h.csv: line 1, column 2", "invalid UTF-8");
    EXPECT_ERROR_HAS(read("open.csv", "a,label\n1,x\n2,\"never closed\n3,y\n"),
                     "open.csv: line 3, column 2 ('label')", "unterminated quote");
    EXPECT_ERROR_HAS(read("after.csv", "a,label\n1,\"x\"y\n"), "after.csv: line 2, column 2",
                     "after a closing quote");
    EXPECT_ERROR_HAS(read("one.csv", "label\nx\n"), "one.csv: line 1", "one column");
}

// ---- IDX ----

TEST(IdxImport, Malformed)
{
    ScratchDir dir;
    const auto labels = dir.write("l-labels-idx1-ubyte", idxLabels({1, 2}));
    const auto truncated =
        dir.write("cut-images-idx3-ubyte", bigEndian(0x803) + bigEndian(2) + "\0\0"s);
    EXPECT_ERROR_HAS(readIdx({truncated, labels}, noJob), "cut-images-idx3-ubyte",
                     "truncated IDX header", "10 of 16 bytes");
    const auto tiny = dir.write("tiny-images-idx3-ubyte", "\0\0"s);
    EXPECT_ERROR_HAS(readIdx({tiny, labels}, noJob), "tiny-images-idx3-ubyte",
                     "truncated IDX header");

    const auto huge =
        dir.write("huge-images-idx3-ubyte",
                  idxImages(0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, std::string(100, '\1')));
    EXPECT_ERROR_HAS(readIdx({huge, labels}, noJob), "huge-images-idx3-ubyte",
                     "header says 4294967295 images of 4294967295x4294967295",
                     "the file holds only 0");
    const auto magic =
        dir.write("magic-images-idx3-ubyte", "\x12\x34\x08\x03" + std::string(20, '\1'));
    EXPECT_ERROR_HAS(readIdx({magic, labels}, noJob), "magic-images-idx3-ubyte",
                     "magic 0x12340803");
    const auto floats = dir.write("f-images-idx3-ubyte", "\0\0\x0D\x03"s + std::string(20, '\1'));
    EXPECT_ERROR_HAS(readIdx({floats, labels}, noJob), "f-images-idx3-ubyte", "0x00000D03");
    const auto zero = dir.write("z-images-idx3-ubyte", idxImages(2, 0, 28, ""));
    EXPECT_ERROR_HAS(readIdx({zero, labels}, noJob), "z-images-idx3-ubyte", "2 images of 0x28");
    const auto few =
        dir.write("few-images-idx3-ubyte", idxImages(60000, 2, 2, std::string(4 * 8000 + 3, '\1')));
    EXPECT_ERROR_HAS(readIdx({few, labels}, noJob), "few-images-idx3-ubyte",
                     "header says 60000 images of 2x2 but the file holds only 8000");

    const auto three =
        dir.write("three-images-idx3-ubyte", idxImages(3, 2, 2, std::string(12, '\1')));
    EXPECT_ERROR_HAS(readIdx({three, labels}, noJob), "three-images-idx3-ubyte", "3 images of 2x2",
                     "l-labels-idx1-ubyte", "2 labels");
    EXPECT_ERROR_HAS(readIdx({labels, labels}, noJob), "both IDX labels files");
}

TEST(IdxImport, TruncatedGzipFailsAtTheShortRead)
{
    ScratchDir dir;
    const auto source = sharedData() / "mnist-10k";
    const std::string images = fileBytes(source / "train-images-idx3-ubyte.gz");
    const auto cut = dir.write("train-images-idx3-ubyte.gz", images.substr(0, images.size() / 2));
    const auto labels = source / "train-labels-idx1-ubyte.gz";
    EXPECT_ERROR_HAS(readIdx({cut, labels}, noJob), "train-images-idx3-ubyte.gz",
                     "header says 8000 images of 28x28 but the file holds only");
    // A gzip header claiming far more than its compressed size could expand to.
    const auto small = writeGzip(dir / "small-images-idx3-ubyte.gz",
                                 idxImages(4000000, 28, 28, std::string(1000, '\1')));
    EXPECT_ERROR_HAS(readIdx({small, labels}, noJob), "small-images-idx3-ubyte.gz",
                     "header says 4000000 images of 28x28, more than a");
    // Raw bytes under a .gz name read as well: zlib passes them through.
    const auto raw = dir.write("raw-images-idx3-ubyte.gz", idxImages(2, 1, 1, "\1\2"));
    EXPECT_EQ(readIdx({raw, dir.write("raw-labels", idxLabels({1, 0}))}, noJob).pixels,
              (std::vector<uint8_t>{1, 2}));
}

TEST(IdxImport, FolderWithAMissingPairFile)
{
    ScratchDir dir;
    const auto source = sharedData() / "mnist-10k";
    fs::create_directories(dir / "mnist");
    for (const char *name :
         {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz"})
        fs::copy_file(source / name, dir / "mnist" / name);
    EXPECT_EQ(detectFormat({dir / "mnist"}), ImportFormat::Idx);
    EXPECT_ERROR_HAS(readDataset({dir / "mnist"}, {}, noJob), "mnist",
                     "t10k-images-idx3-ubyte.gz has no labels file", "t10k-labels-idx1-ubyte");
    fs::remove(dir / "mnist" / "t10k-images-idx3-ubyte.gz");
    const auto trainOnly = readIdx({dir / "mnist"}, noJob);
    EXPECT_EQ(trainOnly.samples(), 8000);
    EXPECT_EQ(trainOnly.splits.at("train").size(), 8000u);
    EXPECT_EQ(trainOnly.splits.count("test"), 0u);
}

// ---- image folders ----

TEST(ImageFolderImport, GrayAndColourBecomeRgbChannelFirst)
{
    ScratchDir dir;
    writePng(dir / "pics" / "b" / "1.png", 3, 2, 1, 10);
    writePng(dir / "pics" / "a" / "2.png", 3, 2, 4, 100); // RGBA: composited on white
    writePng(dir / "pics" / "a" / "1.png", 3, 2, 3, 50);
    const auto content = readImageFolder(dir / "pics", noJob);
    EXPECT_EQ(content.featureShape, (std::vector<int64_t>{3, 2, 3}));
    EXPECT_EQ(content.classNames, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(content.labels, (std::vector<int64_t>{0, 0, 1}));
    // a/1.png: pixel p has RGB 50+3p, 51+3p, 52+3p; channel-first puts all reds first.
    EXPECT_EQ(std::vector<uint8_t>(content.pixels.begin(), content.pixels.begin() + 7),
              (std::vector<uint8_t>{50, 53, 56, 59, 62, 65, 51}));
    // a/2.png (RGBA): pixel p has RGBA 100+4p .. 103+4p, shown on white: pixel 1's red is
    // (104·107 + 255·148) / 255, pixel 0's green (101·103 + 255·152) / 255.
    EXPECT_EQ(content.pixels[18 + 1], 192);
    EXPECT_EQ(content.pixels[18 + 6], 193);
    // b/1.png (gray) repeated in all three channels.
    EXPECT_EQ(content.pixels[36 + 2], 12);
    EXPECT_EQ(content.pixels[36 + 6 + 2], 12);
    EXPECT_EQ(content.pixels[36 + 12 + 2], 12);
}

TEST(ImageFolderImport, Malformed)
{
    ScratchDir dir;
    const auto real = sharedData() / "mnist-png-500" / "3";
    const fs::path sample = *fs::directory_iterator(real);
    const auto copyClasses = [&](const std::string &root) {
        for (const char *cls : {"0", "1"})
            for (const char *name : {"00001.png", "00002.png"})
                fs::create_directories(dir / root / cls),
                    fs::copy_file(sample, dir / root / cls / name);
    };

    copyClasses("corrupt");
    const std::string png = fileBytes(sample);
    dir.write("corrupt/1/00002.png", png.substr(0, png.size() / 2));
    EXPECT_ERROR_HAS(readImageFolder(dir / "corrupt", noJob), "corrupt/1/00002.png", "corrupt");
    dir.write("corrupt/1/00002.png", png.substr(0, 40) + std::string(png.size() - 40, '\x55'));
    EXPECT_ERROR_HAS(readImageFolder(dir / "corrupt", noJob), "corrupt/1/00002.png");

    copyClasses("empty");
    dir.write("empty/0/00003.png", "");
    EXPECT_ERROR_HAS(readImageFolder(dir / "empty", noJob), "empty/0/00003.png", "empty file");

    copyClasses("options");
    ImportOptions bad;
    bad.imageChannels = 2;
    EXPECT_ERROR_HAS(readImageFolder(dir / "options", noJob, bad), "--channels must be 1 or 3");
    bad = {};
    bad.imageWidth = 100000;
    bad.imageHeight = 100000;
    EXPECT_ERROR_HAS(readImageFolder(dir / "options", noJob, bad), "--image-size 100000x100000");

    dir.write("flat/00001.png", png);
    EXPECT_ERROR_HAS(readImageFolder(dir / "flat", noJob), "flat", "no class folders");

    copyClasses("hollow");
    fs::create_directories(dir / "hollow" / "2");
    dir.write("hollow/2/notes.txt", "not an image");
    EXPECT_ERROR_HAS(readImageFolder(dir / "hollow", noJob), "hollow/2", "no PNG or JPEG images");
}

// A JPEG of `width` x `height`, its left half red and right half blue, with an EXIF block that
// gives its orientation.
fs::path writeOrientedJpeg(const fs::path &file, int width, int height, int orientation)
{
    std::vector<uint8_t> pixels;
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            pixels.insert(pixels.end(), x < width / 2 ? std::initializer_list<uint8_t>{255, 0, 0}
                                                      : std::initializer_list<uint8_t>{0, 0, 255});
    const fs::path plain = file.string() + ".plain";
    fs::create_directories(file.parent_path());
    EXPECT_TRUE(stbi_write_jpg(plain.c_str(), width, height, 3, pixels.data(), 95));
    const std::string jpeg = fileBytes(plain);
    fs::remove(plain);
    // APP1: "Exif\0\0", a big-endian TIFF header, one IFD with Orientation (0x0112, SHORT).
    const std::string exif = "\xFF\xE1\x00\x22"
                             "Exif\0\0MM\0\x2A\0\0\0\x08"
                             "\0\x01\x01\x12\0\x03\0\0\0\x01\0"s
                             + char(orientation) + "\0\0\0\0\0\0"s;
    std::ofstream(file, std::ios::binary) << jpeg.substr(0, 2) << exif << jpeg.substr(2);
    return file;
}

TEST(ImageFolderImport, MixedSizesAndModesTakeTheMedianSize)
{
    ScratchDir dir;
    writePng(dir / "mix" / "a" / "1.png", 40, 30, 3, 0);
    writePng(dir / "mix" / "a" / "2.png", 20, 20, 1, 0);
    writeOrientedJpeg(dir / "mix" / "b" / "1.jpg", 30, 40, 1);
    writePng(dir / "mix" / "b" / "2.png", 100, 10, 4, 1); // wide: fit leaves bands above, below
    auto content = readImageFolder(dir / "mix", noJob);
    // Median width of 40, 20, 30, 100 and height of 30, 20, 40, 10.
    EXPECT_EQ(content.featureShape, (std::vector<int64_t>{3, 30, 40}));
    EXPECT_EQ(content.pixels.size(), 4u * 3 * 30 * 40);
    const std::string notes = ::testing::PrintToString(content.notes);
    EXPECT_NE(notes.find("3 of 4 images resized to 40x30 (fit"), std::string::npos) << notes;
    EXPECT_NE(notes.find("1 of 4 images are grayscale"), std::string::npos) << notes;
    // b/2.png scaled to 40x4 in the middle rows: black above, its pixels in row 15.
    const size_t plane = 30 * 40, wide = 3 * 3 * plane;
    EXPECT_EQ(content.pixels[wide + 0], 0);
    EXPECT_EQ(content.pixels[wide + 2 * plane + 5 * 40 + 20], 0);
    EXPECT_GT(content.pixels[wide + 15 * 40 + 20], 0);

    ImportOptions options;
    options.imageWidth = 16;
    options.imageHeight = 12;
    options.resize = ResizeMode::Crop;
    options.imageChannels = 1;
    content = readImageFolder(dir / "mix", noJob, options);
    EXPECT_EQ(content.featureShape, (std::vector<int64_t>{1, 12, 16}));
    EXPECT_GT(content.pixels[3 * 12 * 16 + 0], 0); // crop fills the frame: no black band
    EXPECT_NE(::testing::PrintToString(content.notes).find("3 of 4 images converted to grayscale"),
              std::string::npos);

    // Large photos take the median size capped at 224 on the longer side.
    writePng(dir / "big" / "a" / "1.png", 400, 300, 3, 0);
    writePng(dir / "big" / "a" / "2.png", 600, 300, 3, 0);
    writePng(dir / "big" / "b" / "1.png", 500, 250, 3, 0);
    EXPECT_EQ(readImageFolder(dir / "big", noJob).featureShape,
              (std::vector<int64_t>{3, 134, 224}));
}

TEST(ImageFolderImport, JpegsAreTurnedUprightAsTheirExifSays)
{
    ScratchDir dir;
    // Stored 16 wide and 8 high, left half red; orientation 6 shows it turned clockwise: 8 wide,
    // 16 high, red on top.
    writeOrientedJpeg(dir / "photos" / "a" / "1.jpg", 16, 8, 6);
    const auto content = readImageFolder(dir / "photos", noJob);
    ASSERT_EQ(content.featureShape, (std::vector<int64_t>{3, 16, 8}));
    const auto at = [&](int channel, int y, int x) {
        return int(content.pixels[size_t(channel) * 16 * 8 + size_t(y) * 8 + size_t(x)]);
    };
    EXPECT_GT(at(0, 2, 4), 200); // red above
    EXPECT_LT(at(2, 2, 4), 60);
    EXPECT_GT(at(2, 13, 4), 200); // blue below
    EXPECT_LT(at(0, 13, 4), 60);
    EXPECT_NE(::testing::PrintToString(content.notes).find("turned upright"), std::string::npos);

    // Orientation 3 (turned half way): same size, blue on the left.
    writeOrientedJpeg(dir / "half" / "a" / "1.jpg", 16, 8, 3);
    const auto half = readImageFolder(dir / "half", noJob);
    ASSERT_EQ(half.featureShape, (std::vector<int64_t>{3, 8, 16}));
    EXPECT_GT(half.pixels[2 * 128 + 4 * 16 + 2], 200);
    EXPECT_LT(half.pixels[0 * 128 + 4 * 16 + 2], 60);
}

// ---- NPY ----

TEST(NpyImport, TableAndImages)
{
    ScratchDir dir;
    const auto features = dir.write("x.npy", npy<double>("<f8", "(3, 2)", {1, 2, 3, 4, 5, 6.5}));
    const auto labels = dir.write("y.npy", npy<int64_t>("<i8", "(3,)", {2, 0, 2}));
    EXPECT_EQ(detectFormat({labels, features}), ImportFormat::Npy);
    const auto table = readDataset({labels, features}, {}, noJob);
    EXPECT_EQ(table.kind, DatasetKind::Table);
    EXPECT_EQ(table.featureShape, (std::vector<int64_t>{2}));
    EXPECT_EQ(table.values, (std::vector<float>{1, 2, 3, 4, 5, 6.5f}));
    EXPECT_EQ(table.classNames, (std::vector<std::string>{"0", "1", "2"}));
    EXPECT_EQ(table.labels, (std::vector<int64_t>{2, 0, 2}));

    const auto pixels =
        dir.write("img.npy", npy<uint8_t>("|u1", "(3, 1, 2, 2)", std::vector<uint8_t>(12, 9)));
    const auto image = readNpy({pixels, labels}, noJob);
    EXPECT_EQ(image.kind, DatasetKind::Image);
    EXPECT_EQ(image.featureShape, (std::vector<int64_t>{1, 2, 2}));
    EXPECT_EQ(image.pixels, std::vector<uint8_t>(12, 9));
    const auto gray =
        dir.write("gray.npy", npy<uint8_t>("|u1", "(3, 2, 2)", std::vector<uint8_t>(12, 9)));
    EXPECT_EQ(readNpy({gray, dir.write("y4.npy", npy<int32_t>("<i4", "(3,)", {0, 1, 1}))}, noJob)
                  .featureShape,
              (std::vector<int64_t>{1, 2, 2}));
}

TEST(NpyImport, Malformed)
{
    ScratchDir dir;
    const auto labels = dir.write("y.npy", npy<int64_t>("<i8", "(3,)", {0, 1, 2}));
    const auto four = dir.write("four.npy", npy<float>("<f4", "(4, 2)", std::vector<float>(8, 1)));
    EXPECT_ERROR_HAS(readNpy({four, labels}, noJob), "four.npy holds 4 samples",
                     "y.npy holds 3 labels");
    const std::string whole = npy<float>("<f4", "(3, 2)", std::vector<float>(6, 1));
    const auto cut = dir.write("cut.npy", whole.substr(0, whole.size() - 5));
    EXPECT_ERROR_HAS(readNpy({cut, labels}, noJob), "cut.npy", "truncated data", "(3, 2)");
    const auto magic = dir.write("magic.npy", "NUMPY" + whole);
    EXPECT_ERROR_HAS(readNpy({magic, labels}, noJob), "magic.npy", "not a .npy file");
    std::string badHeader = whole;
    badHeader.replace(badHeader.find("'shape'"), 7, "'shapz'");
    EXPECT_ERROR_HAS(readNpy({dir.write("header.npy", badHeader), labels}, noJob), "header.npy",
                     "bad .npy header");
    const auto fortran =
        dir.write("f.npy", npy<float>("<f4", "(3, 2)", std::vector<float>(6, 1), true));
    EXPECT_ERROR_HAS(readNpy({fortran, labels}, noJob), "f.npy", "Fortran");
    const auto big = dir.write(
        "big.npy", npy<float>("<f4", "(3, 2)", std::vector<float>(6, 1)).replace(10, 5, "{'dsc"));
    EXPECT_ERROR_HAS(readNpy({big, labels}, noJob), "big.npy", "bad .npy header");
    const auto nan =
        dir.write("nan.npy", npy<double>("<f8", "(3, 2)", {1, 2, 3, std::nan(""), 5, 6}));
    EXPECT_ERROR_HAS(readNpy({nan, labels}, noJob), "nan.npy", "element [1, 1] is NaN");
    const auto negative = dir.write("neg.npy", npy<int64_t>("<i8", "(3,)", {0, -1, 2}));
    EXPECT_ERROR_HAS(readNpy({dir.write("x.npy", whole), negative}, noJob), "neg.npy",
                     "label 1 is -1");
}

// ---- detection, dispatch, cancellation ----

TEST(Importers, DetectFormat)
{
    ScratchDir dir;
    EXPECT_EQ(detectFormat({sharedData() / "mnist-10k"}), ImportFormat::Idx);
    EXPECT_EQ(detectFormat({sharedData() / "mnist-10k" / "train-images-idx3-ubyte.gz",
                            sharedData() / "mnist-10k" / "train-labels-idx1-ubyte.gz"}),
              ImportFormat::Idx);
    EXPECT_EQ(detectFormat({dir.write("renamed.dat", "x,label\n1,a\n")}), ImportFormat::Csv);
    EXPECT_EQ(
        detectFormat({dir.write("a", idxImages(1, 1, 1, "x")), dir.write("b", idxLabels("\1"))}),
        ImportFormat::Idx);
    EXPECT_ERROR_HAS(detectFormat({dir.write("blob.bin", "\x01\x00\x02\x03"s)}), "blob.bin",
                     "cannot tell the format");
    EXPECT_ERROR_HAS(detectFormat({dir / "missing.csv"}), "missing.csv", "no such file");
    fs::create_directories(dir / "nothing" / "sub");
    EXPECT_ERROR_HAS(detectFormat({dir / "nothing"}), "nothing", "cannot tell the format");
    EXPECT_THROW(detectFormat({}), Error);

    EXPECT_EQ(parseImportFormat("ImageFolder"), ImportFormat::ImageFolder);
    EXPECT_EQ(parseImportFormat("npy"), ImportFormat::Npy);
    EXPECT_STREQ(formatName(parseImportFormat("csv")), "csv");
    EXPECT_ERROR_HAS(parseImportFormat("xlsx"), "'xlsx'", "csv");
}

TEST(Importers, CancelledBeforeTheEnd)
{
    std::stop_source stop;
    stop.request_stop();
    JobContext ctx;
    ctx.stop = stop.get_token();
    EXPECT_THROW(readIdx({sharedData() / "mnist-10k"}, ctx), Cancelled);
    EXPECT_THROW(readImageFolder(sharedData() / "mnist-png-500", ctx), Cancelled);
    ScratchDir dir;
    std::string text = "a,label\n";
    while (text.size() < (3u << 20))
        text += "1.5,x\n";
    EXPECT_THROW(readCsv(dir.write("c.csv", text), "", ctx), Cancelled);
}

} // namespace
} // namespace dllab::datasets
