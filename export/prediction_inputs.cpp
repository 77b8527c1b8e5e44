#include "prediction_inputs.h"

#include "datasets/csv_text.h"
#include "datasets/dataset_content.h"
#include "datasets/date_text.h"
#include "datasets/gzip_file.h"
#include "datasets/image_check.h"
#include "trained_model.h"
#include "workspace/error.h"
#include "workspace/json_text.h"
#include "workspace/regular_file.h"

#include <stb_image.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace dllab::exporting {

namespace fs = std::filesystem;

namespace {

int64_t sampleSize(const InputSpec &spec)
{
    int64_t n = 1;
    for (int64_t d : spec.shape)
        n *= d;
    return n;
}

std::string headBytes(const fs::path &file, size_t n)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error("cannot open " + file.string());
    std::string bytes(n, '\0');
    in.read(bytes.data(), std::streamsize(n));
    bytes.resize(size_t(in.gcount()));
    return bytes;
}

bool isImage(const std::string &head)
{
    return head.rfind("\x89PNG", 0) == 0 || head.rfind("\xff\xd8\xff", 0) == 0;
}

bool isIdx(const fs::path &file, const std::string &head)
{
    if (head.rfind("\x1f\x8b", 0) == 0)
        return true; // gzip: our only compressed input is IDX
    return head.size() >= 4 && head[0] == 0 && head[1] == 0 && head[3] >= 1 && head[3] <= 4;
}

void readImage(const fs::path &file, const InputSpec &spec, std::vector<float> &values)
{
    if (!spec.image)
        throw Error(file.string() + ": this model takes " + expectedInputText(spec)
                    + ", not an image");
    const datasets::ImageHeader header = datasets::checkImageFile(file, file.string());
    int w = header.width, h = header.height, n = header.channels;
    const int64_t channels = spec.shape[0];
    // stb reports an alpha channel as an extra one; alpha is dropped, never averaged in.
    const int colour = (n == 2 || n == 4) ? n - 1 : n;
    if (colour != channels || h != spec.shape[1] || w != spec.shape[2])
        throw Error(file.string() + ": expected " + expectedInputText(spec) + ", got a "
                    + std::to_string(w) + "x" + std::to_string(h) + " image with "
                    + std::to_string(colour) + " channel" + (colour == 1 ? "" : "s"));
    stbi_uc *pixels = stbi_load(file.c_str(), &w, &h, &n, int(channels));
    if (!pixels)
        throw Error(file.string() + ": cannot decode the image: " + stbi_failure_reason());
    for (int64_t c = 0; c < channels; ++c)
        for (int64_t i = 0; i < int64_t(w) * h; ++i)
            values.push_back(float(pixels[i * channels + c]) / 255.0f);
    stbi_image_free(pixels);
}

size_t readIdx(const fs::path &file, const InputSpec &spec, std::vector<float> &values)
{
    datasets::GzipFile in(file);
    unsigned char header[4];
    if (in.read(header, 4) != 4 || header[0] != 0 || header[1] != 0)
        throw Error(file.string() + ": not an IDX file");
    const int type = header[2], rank = header[3];
    std::vector<int64_t> dims(static_cast<size_t>(rank));
    for (auto &d : dims) {
        unsigned char b[4];
        if (in.read(b, 4) != 4)
            throw Error(file.string() + ": truncated IDX header");
        d = (int64_t(b[0]) << 24) | (int64_t(b[1]) << 16) | (int64_t(b[2]) << 8) | b[3];
    }
    if (type != 0x08 && type != 0x0D)
        throw Error(file.string() + ": IDX element type " + std::to_string(type)
                    + " is not supported (unsigned byte or float)");
    std::vector<int64_t> sample(dims.begin() + (rank > 1 ? 1 : 0), dims.end());
    // N x H x W files carry single-channel images.
    std::vector<int64_t> wanted = spec.shape;
    if (spec.image && sample.size() == 2 && wanted[0] == 1)
        wanted.erase(wanted.begin());
    if (rank < 2 || sample != wanted)
        throw Error(file.string() + ": holds samples of shape " + datasets::shapeText(sample)
                    + "; expected " + expectedInputText(spec));
    const size_t count = size_t(dims[0]), width = size_t(sampleSize(spec));
    // A header may claim more than the file can hold; deflate expands at most ~1032 times.
    const double bytesClaimed = double(count) * double(width) * (type == 0x08 ? 1 : 4);
    if (bytesClaimed > double(in.fileSize()) * 1032 + 1024)
        throw Error(file.string() + ": header says " + std::to_string(count)
                    + " samples, more than the file can hold");
    const size_t start = values.size();
    values.resize(start + count * width);
    if (type == 0x08) {
        std::vector<unsigned char> bytes(count * width);
        if (in.read(bytes.data(), bytes.size()) != bytes.size())
            throw Error(file.string() + ": truncated IDX data");
        // Bytes are pixels for images (scaled as training scales them) and values for tables.
        for (size_t i = 0; i < bytes.size(); ++i)
            values[start + i] = spec.image ? float(bytes[i]) / 255.0f : float(bytes[i]);
    } else {
        std::vector<unsigned char> bytes(count * width * 4);
        if (in.read(bytes.data(), bytes.size()) != bytes.size())
            throw Error(file.string() + ": truncated IDX data");
        for (size_t i = 0; i < count * width; ++i) {
            const uint32_t bits = (uint32_t(bytes[4 * i]) << 24)
                                  | (uint32_t(bytes[4 * i + 1]) << 16)
                                  | (uint32_t(bytes[4 * i + 2]) << 8) | bytes[4 * i + 3];
            std::memcpy(&values[start + i], &bits, 4); // IDX is big-endian
        }
    }
    return count;
}

// One line's cells: quoted cells may hold commas and "" for a quote; spaces around are dropped.
std::vector<std::string> splitCsv(const std::string &line)
{
    std::vector<std::string> cells(1);
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"')
            cells.back() += line[++i];
        else if (c == '"')
            quoted = !quoted;
        else if (c == ',' && !quoted)
            cells.emplace_back();
        else
            cells.back() += c;
    }
    for (auto &c : cells) {
        c.erase(0, c.find_first_not_of(" \t\r"));
        c.erase(c.find_last_not_of(" \t\r") + 1);
    }
    return cells;
}

bool parseNumber(const std::string &text, float &value)
{
    if (text.empty())
        return false;
    char *end = nullptr;
    value = std::strtof(text.c_str(), &end);
    return end == text.c_str() + text.size();
}

bool parseFinite(const std::string &text, float &value)
{
    return parseNumber(text, value) && std::isfinite(value);
}

// A raw cell of a typed column as the model takes it (see models/table_encoder.h).
float typedCell(const std::string &cell, const models::InputColumn &column,
                const std::string &where)
{
    if (datasets::isMissingMarker(cell, datasets::defaultMissingMarkers()))
        return NAN;
    float value = 0;
    switch (column.type) {
    case datasets::ColumnType::Numeric:
        if (!parseFinite(cell, value))
            throw Error(where + ": \"" + cell + "\" is not a number");
        return value;
    case datasets::ColumnType::Categorical: {
        // An unseen category is its own code past the known ones: the model's missing slot.
        const auto it = std::find(column.categories.begin(), column.categories.end(), cell);
        return float(it - column.categories.begin());
    }
    case datasets::ColumnType::Date: {
        const auto date = datasets::parseDate(cell, datasets::DateOrder::Unknown);
        if (!date)
            throw Error(where + ": \"" + cell + "\" is not a date");
        return float(date->days);
    }
    default:
        return NAN; // text: not a feature
    }
}

// Calls row(lineNo, cells) for each non-blank line of a CSV file; returns the lines read.
template <typename Row> size_t forEachCsvLine(const fs::path &file, Row row)
{
    std::ifstream in(file);
    if (!in)
        throw Error("cannot open " + file.string());
    std::string line;
    size_t lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (line.find_first_not_of(" \t\r") != std::string::npos)
            row(lineNo, splitCsv(line));
    }
    return lineNo;
}

// Rows with a header naming the model's columns (more columns, in any order, are fine).
size_t readTypedCsv(const fs::path &file, const InputSpec &spec, std::vector<float> &values,
                    std::vector<std::string> &names)
{
    std::vector<size_t> pick;
    std::string wanted;
    for (const auto &column : spec.typed)
        wanted += (wanted.empty() ? "" : ", ") + column.name;
    size_t rows = 0;
    forEachCsvLine(file, [&](size_t lineNo, const std::vector<std::string> &cells) {
        if (pick.empty()) {
            for (const auto &column : spec.typed) {
                const auto it = std::find(cells.begin(), cells.end(), column.name);
                if (it == cells.end())
                    throw Error(file.string() + " line " + std::to_string(lineNo)
                                + ": expected a header naming the model's columns (" + wanted
                                + "); '" + column.name + "' is not in it");
                pick.push_back(size_t(it - cells.begin()));
            }
            return;
        }
        for (size_t k = 0; k < pick.size(); ++k) {
            if (pick[k] >= cells.size())
                throw Error(file.string() + " line " + std::to_string(lineNo) + ": "
                            + std::to_string(cells.size()) + " cells, too few for column '"
                            + spec.typed[k].name + "'");
            values.push_back(typedCell(cells[pick[k]], spec.typed[k],
                                       file.string() + " line " + std::to_string(lineNo)
                                           + ", column '" + spec.typed[k].name + "'"));
        }
        names.push_back(file.filename().string() + ":" + std::to_string(lineNo));
        ++rows;
    });
    if (rows == 0)
        throw Error(file.string() + ": no rows to predict (a header naming " + wanted
                    + ", then rows)");
    return rows;
}

size_t readCsv(const fs::path &file, const InputSpec &spec, std::vector<float> &values,
               std::vector<std::string> &names)
{
    if (!spec.typed.empty())
        return readTypedCsv(file, spec, values, names);
    if (spec.image)
        throw Error(file.string() + ": this model takes " + expectedInputText(spec)
                    + " (PNG, JPEG or IDX), not CSV rows");
    const size_t width = size_t(spec.shape.at(0));
    std::vector<size_t> pick; // column indices to use; empty: all, in order
    size_t rows = 0;
    const size_t lines = forEachCsvLine(file, [&](size_t lineNo,
                                                  const std::vector<std::string> &cells) {
        float v = 0;
        const bool numeric = std::all_of(cells.begin(), cells.end(),
                                         [&](const std::string &c) { return parseNumber(c, v); });
        if (lineNo == 1 && !numeric) {
            // A header: when it names every model column, those columns are used (so a file
            // with a label column, like the training CSV itself, works as it is).
            for (const auto &column : spec.columns) {
                const auto it = std::find(cells.begin(), cells.end(), column);
                if (it == cells.end()) {
                    pick.clear();
                    break;
                }
                pick.push_back(size_t(it - cells.begin()));
            }
            return;
        }
        const size_t used = pick.empty() ? cells.size() : pick.size();
        if (pick.empty() && cells.size() != width)
            throw Error(file.string() + " line " + std::to_string(lineNo) + ": expected "
                        + expectedInputText(spec) + ", got " + std::to_string(cells.size())
                        + " values");
        for (size_t k = 0; k < used; ++k) {
            const std::string &cell = cells.at(pick.empty() ? k : pick[k]);
            if (!parseFinite(cell, v))
                throw Error(file.string() + " line " + std::to_string(lineNo) + ", column "
                            + std::to_string((pick.empty() ? k : pick[k]) + 1) + ": \"" + cell
                            + "\" is not a " + (parseNumber(cell, v) ? "finite " : "") + "number");
            values.push_back(v);
        }
        names.push_back(file.filename().string() + ":" + std::to_string(lineNo));
        ++rows;
    });
    if (rows == 0)
        throw Error(file.string() + ": no rows to predict ("
                    + (lines == 0 ? std::string("the file is empty") : "only a header") + ")");
    return rows;
}

// A file of JSON rows: it starts with '[' (an array of objects) or '{' (one object per line).
bool isJson(const std::string &head)
{
    const auto first = head.find_first_not_of(" \t\r\n");
    return first != std::string::npos && (head[first] == '[' || head[first] == '{');
}

// JSON rows keyed by column name, as a service or a notebook sends them: an array of objects, or
// JSON Lines. A key the model does not use is ignored; for typed columns a missing key or null is
// a missing cell, and a number or string is read as the CSV cell would be.
void readJsonRows(const fs::path &file, const InputSpec &spec, std::vector<float> &values,
                  std::vector<std::string> &names)
{
    if (spec.image)
        throw Error(file.string() + ": this model takes " + expectedInputText(spec)
                    + " (PNG, JPEG or IDX), not JSON rows");
    std::vector<std::string> columns = spec.columns;
    if (!spec.typed.empty()) {
        columns.clear();
        for (const auto &column : spec.typed)
            columns.push_back(column.name);
    }
    if (columns.size() != size_t(spec.shape.at(0)))
        throw Error(file.string() + ": this model's columns have no names; give CSV rows of "
                    + expectedInputText(spec));
    std::vector<std::pair<std::string, nlohmann::json>> rows; // where, row
    std::ostringstream buffer;
    buffer << std::ifstream(file, std::ios::binary).rdbuf();
    const std::string text = buffer.str();
    const auto whole = parseJsonIfValid(text, file.string());
    if (whole && whole->is_array()) {
        for (size_t i = 0; i < whole->size(); ++i)
            rows.emplace_back(file.filename().string() + "[" + std::to_string(i) + "]",
                              (*whole)[i]);
    } else {
        std::istringstream lines(text);
        std::string line;
        for (size_t lineNo = 1; std::getline(lines, line); ++lineNo) {
            if (line.find_first_not_of(" \t\r") == std::string::npos)
                continue;
            const std::string where = file.filename().string() + ":" + std::to_string(lineNo);
            auto row = parseJsonIfValid(line, file.string());
            if (!row)
                throw Error(file.string() + " line " + std::to_string(lineNo)
                            + ": not a JSON object (JSON rows are an array of objects, or one "
                              "object per line)");
            rows.emplace_back(where, std::move(*row));
        }
    }
    if (rows.empty())
        throw Error(file.string() + ": no rows to predict");
    for (const auto &[where, row] : rows) {
        if (!row.is_object())
            throw Error(where + ": a row is a JSON object keyed by column name, not "
                        + std::string(row.type_name()));
        for (size_t k = 0; k < columns.size(); ++k) {
            const std::string at = where + ", column '" + columns[k] + "'";
            const nlohmann::json cell = row.value(columns[k], nlohmann::json());
            if (!spec.typed.empty()) {
                values.push_back(typedCell(cell.is_string() ? cell.get<std::string>()
                                           : cell.is_null() ? std::string()
                                                            : cell.dump(),
                                           spec.typed[k], at));
            } else if (!cell.is_number() || !std::isfinite(cell.get<double>())) {
                throw Error(at + ": expected a number, got "
                            + (row.contains(columns[k]) ? cell.dump() : "nothing"));
            } else {
                values.push_back(cell.get<float>());
            }
        }
        names.push_back(where);
    }
}

} // namespace

std::vector<float> typedRowValues(const std::vector<std::string> &cells, const InputSpec &spec)
{
    if (cells.size() != spec.typed.size())
        throw Error("a row of " + std::to_string(cells.size()) + " cells; this model takes "
                    + expectedInputText(spec));
    std::vector<float> values;
    for (size_t k = 0; k < cells.size(); ++k)
        values.push_back(typedCell(cells[k], spec.typed[k], "column '" + spec.typed[k].name + "'"));
    return values;
}

std::string expectedInputText(const InputSpec &spec)
{
    if (spec.image) {
        const int64_t c = spec.shape.at(0);
        return "a " + std::to_string(spec.shape.at(2)) + "x" + std::to_string(spec.shape.at(1))
               + " image with " + std::to_string(c) + " channel" + (c == 1 ? "" : "s")
               + " (model input " + datasets::shapeText(spec.shape) + ")";
    }
    std::string text = std::to_string(spec.shape.at(0)) + " feature values";
    if (!spec.columns.empty()) {
        std::string columns;
        for (const auto &c : spec.columns)
            columns += (columns.empty() ? "" : ", ") + c;
        text += " (" + columns + ")";
    }
    return text;
}

InputBatch readPredictionInputs(const std::vector<fs::path> &files, const InputSpec &spec)
{
    if (files.empty())
        throw Error("predict: no input files given");
    std::vector<float> values;
    InputBatch batch;
    for (const auto &file : files) {
        requireRegularFile(file, "an input file (PNG, JPEG, CSV, JSON rows or IDX)");
        const std::string head = headBytes(file, 8);
        if (isImage(head)) {
            readImage(file, spec, values);
            batch.names.push_back(file.filename().string());
        } else if (isIdx(file, head)) {
            const size_t n = readIdx(file, spec, values);
            for (size_t i = 0; i < n; ++i)
                batch.names.push_back(file.filename().string() + "[" + std::to_string(i) + "]");
        } else if (isJson(headBytes(file, 64))) {
            readJsonRows(file, spec, values, batch.names);
        } else {
            readCsv(file, spec, values, batch.names);
        }
    }
    std::vector<int64_t> shape{int64_t(batch.names.size())};
    shape.insert(shape.end(), spec.shape.begin(), spec.shape.end());
    batch.x = torch::from_blob(values.data(), shape, torch::kFloat).clone();
    return batch;
}

} // namespace dllab::exporting
