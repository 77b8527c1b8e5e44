#include "version_file.h"

#include "hdf5_lock.h"
#include "workspace/error.h"
#include "workspace/file_write.h"
#include "workspace/json_text.h"

#include <hdf5.h>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using nlohmann::json;

namespace dllab::datasets {

namespace {

// Owns one HDF5 identifier and closes it with the matching H5?close.
class Handle {
public:
    Handle(hid_t id, herr_t (*close)(hid_t), const std::string &what) : m_id(id), m_close(close)
    {
        if (id < 0)
            throw Error(what);
    }
    ~Handle()
    {
        if (m_id >= 0)
            m_close(m_id);
    }
    Handle(const Handle &) = delete;
    Handle &operator=(const Handle &) = delete;
    operator hid_t() const { return m_id; }

private:
    hid_t m_id;
    herr_t (*m_close)(hid_t);
};

void check(herr_t status, const std::string &what)
{
    if (status < 0)
        throw Error(what);
}

void writeArray(hid_t parent, const char *name, hid_t type, const std::vector<hsize_t> &dims,
                const void *data, const std::string &file)
{
    Handle space(H5Screate_simple(int(dims.size()), dims.data(), nullptr), H5Sclose,
                 "cannot describe " + std::string(name) + " in " + file);
    Handle set(H5Dcreate2(parent, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
               H5Dclose, "cannot create " + std::string(name) + " in " + file);
    if (data)
        check(H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data),
              "cannot write " + std::string(name) + " to " + file);
}

void writeStringAttribute(hid_t object, const char *name, const std::string &value,
                          const std::string &file)
{
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "HDF5 string type");
    H5Tset_size(type, std::max<size_t>(value.size(), 1));
    Handle space(H5Screate(H5S_SCALAR), H5Sclose, "HDF5 scalar space");
    Handle attribute(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                     file + ": cannot create attribute " + name);
    check(H5Awrite(attribute, type, value.c_str()), file + ": cannot write attribute " + name);
}

std::string readStringAttribute(hid_t object, const char *name, const std::string &file)
{
    Handle attribute(H5Aopen(object, name, H5P_DEFAULT), H5Aclose,
                     file + ": attribute '" + name + "' is missing");
    Handle type(H5Aget_type(attribute), H5Tclose, file + ": bad attribute type");
    std::string value(H5Tget_size(type), '\0');
    Handle memType(H5Tcopy(H5T_C_S1), H5Tclose, "HDF5 string type");
    H5Tset_size(memType, value.size());
    check(H5Aread(attribute, memType, value.data()), file + ": cannot read attribute " + name);
    value.resize(strnlen(value.c_str(), value.size()));
    return value;
}

// Reads a whole dataset whose element count must be `expected` (or any, when expected < 0).
template <typename T>
std::vector<T> readArray(hid_t parent, const std::string &name, hid_t memType, int64_t expected,
                         const std::string &file)
{
    Handle set(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose,
               file + ": '" + name + "' is missing");
    Handle space(H5Dget_space(set), H5Sclose, file + ": bad dataspace of " + name);
    const hssize_t count = H5Sget_simple_extent_npoints(space);
    if (count < 0 || (expected >= 0 && count != expected))
        throw Error(file + ": '" + name + "' holds " + std::to_string(count) + " values, expected "
                    + std::to_string(expected));
    std::vector<T> values(static_cast<size_t>(count));
    if (count > 0)
        check(H5Dread(set, memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
              file + ": cannot read " + name);
    return values;
}

herr_t collectName(hid_t, const char *name, const H5L_info_t *, void *names)
{
    static_cast<std::vector<std::string> *>(names)->push_back(name);
    return 0;
}

// Per column {"type", "categories"}; versions before typed columns have none (all numeric).
json columnTypesJson(const DatasetContent &content)
{
    json types = json::array();
    for (size_t c = 0; c < content.columnNames.size(); ++c) {
        json type{{"type", columnTypeName(content.columnType(c))}};
        if (c < content.columnInfo.size() && !content.columnInfo[c].categories.empty())
            type["categories"] = content.columnInfo[c].categories;
        types.push_back(type);
    }
    return types;
}

void readColumnTypes(const json &schema, DatasetContent &content)
{
    const json types = schema.value("column_types", json::array());
    for (const auto &entry : types) {
        ColumnInfo info;
        const auto type = parseColumnType(entry.at("type").get<std::string>());
        if (!type || *type == ColumnType::Ignore)
            throw Error("unknown column type " + entry.at("type").dump());
        info.type = *type;
        info.categories = entry.value("categories", std::vector<std::string>{});
        content.columnInfo.push_back(std::move(info));
    }
}

} // namespace

void writeVersionFile(const fs::path &path, const DatasetContent &content, const Statistics &stats)
{
    const std::string file = path.string();
    std::lock_guard lock(hdf5Mutex());
    // Built in memory (the core driver, no backing store), then written by writeFileBytes: when
    // a write to disk fails (disk full), HDF5 1.10's H5Fclose frees the file but keeps its id,
    // and the library crashes closing it again at exit.
    Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "HDF5 file access list");
    const size_t arrays = content.pixels.size() + content.values.size() * sizeof(float)
                          + content.labels.size() * sizeof(int64_t)
                          + content.targets.size() * sizeof(float);
    check(H5Pset_fapl_core(fapl, std::max<size_t>(arrays / 4, 1 << 20), /*backing_store=*/0),
          "HDF5 in-memory driver");
    Handle h5(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl), H5Fclose,
              "cannot create " + file);

    std::vector<hsize_t> dims{hsize_t(content.samples())};
    for (int64_t dim : content.featureShape)
        dims.push_back(hsize_t(dim));
    if (content.kind == DatasetKind::Image)
        writeArray(h5, "features", H5T_NATIVE_UINT8, dims, content.pixels.data(), file);
    else
        writeArray(h5, "features", H5T_NATIVE_FLOAT, dims, content.values.data(), file);
    // A regression version's labels are its float targets.
    if (content.task == Task::Regression)
        writeArray(h5, "labels", H5T_NATIVE_FLOAT, {hsize_t(content.samples())},
                   content.targets.data(), file);
    else
        writeArray(h5, "labels", H5T_NATIVE_INT64, {hsize_t(content.samples())},
                   content.labels.data(), file);

    Handle splits(H5Gcreate2(h5, "splits", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                  "cannot create /splits in " + file);
    for (const auto &[name, indices] : content.splits)
        writeArray(splits, name.c_str(), H5T_NATIVE_INT64, {hsize_t(indices.size())},
                   indices.data(), file);

    json schema{{"kind", kindName(content.kind)},
                {"feature_shape", content.featureShape},
                {"classes", content.classNames},
                {"columns", content.columnNames},
                {"column_types", columnTypesJson(content)},
                {"class_counts", stats.classCounts},
                {"mean", stats.mean},
                {"std", stats.std},
                {"sources", content.sourceFiles}};
    // Written only when they say something, so older readers see what they always saw.
    if (content.task == Task::Regression)
        schema["task"] = taskName(content.task);
    if (!content.labelName.empty())
        schema["label"] = content.labelName;
    writeStringAttribute(h5, "kind", kindName(content.kind), file);
    // A dataset, not an attribute: attributes stop at 64 KiB, which 3,000 column or class names
    // pass. Its bytes are the JSON text.
    const std::string schemaText = schema.dump();
    writeArray(h5, "schema", H5T_NATIVE_UINT8, {hsize_t(schemaText.size())}, schemaText.data(),
               file);
    check(H5Fflush(h5, H5F_SCOPE_GLOBAL), "cannot flush " + file);
    const ssize_t size = H5Fget_file_image(h5, nullptr, 0);
    if (size < 0)
        throw Error("cannot build " + file + " in memory");
    std::string image(size_t(size), '\0');
    if (H5Fget_file_image(h5, image.data(), image.size()) != size)
        throw Error("cannot build " + file + " in memory");
    writeFileBytes(path, image);
}

DatasetContent readVersionFile(const fs::path &path)
{
    const std::string file = path.string();
    std::lock_guard lock(hdf5Mutex());
    Handle h5(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose,
              "cannot open dataset file " + file);

    DatasetContent content;
    json schema;
    try {
        std::string text;
        if (H5Lexists(h5, "schema", H5P_DEFAULT) > 0) {
            const auto bytes = readArray<uint8_t>(h5, "schema", H5T_NATIVE_UINT8, -1, file);
            text.assign(bytes.begin(), bytes.end());
        } else {
            text = readStringAttribute(h5, "schema", file); // versions written before 0.2
        }
        schema = parseJson(text, file + ": schema");
        content.kind = schema.at("kind") == "image" ? DatasetKind::Image : DatasetKind::Table;
        content.featureShape = schema.at("feature_shape").get<std::vector<int64_t>>();
        content.classNames = schema.at("classes").get<std::vector<std::string>>();
        content.columnNames = schema.at("columns").get<std::vector<std::string>>();
        readColumnTypes(schema, content);
        content.task =
            parseTask(schema.value("task", "classification")).value_or(Task::Classification);
        content.labelName = schema.value("label", "");
        content.sourceFiles = schema.at("sources").get<std::vector<std::string>>();
    } catch (const json::exception &e) {
        throw Error(file + ": bad schema attribute: " + e.what());
    }

    if (content.task == Task::Regression)
        content.targets = readArray<float>(h5, "labels", H5T_NATIVE_FLOAT, -1, file);
    else
        content.labels = readArray<int64_t>(h5, "labels", H5T_NATIVE_INT64, -1, file);
    const int64_t values = content.samples() * content.featureSize();
    if (content.kind == DatasetKind::Image)
        content.pixels = readArray<uint8_t>(h5, "features", H5T_NATIVE_UINT8, values, file);
    else
        content.values = readArray<float>(h5, "features", H5T_NATIVE_FLOAT, values, file);

    Handle splits(H5Gopen2(h5, "splits", H5P_DEFAULT), H5Gclose, file + ": /splits is missing");
    std::vector<std::string> names;
    H5Literate(splits, H5_INDEX_NAME, H5_ITER_INC, nullptr, collectName, &names);
    for (const auto &name : names)
        content.splits[name] = readArray<int64_t>(splits, name, H5T_NATIVE_INT64, -1, file);
    return content;
}

} // namespace dllab::datasets
