#include "version_json.h"

using nlohmann::json;

namespace dllab::datasets {

namespace {

std::string versionName(int number) { return "v" + std::to_string(number); }

} // namespace

json toJson(const VersionInfo &v)
{
    json out{{"dataset", v.dataset},
             {"version", versionName(v.number)},
             {"ref", v.ref()},
             {"hash", v.hash},
             {"blob", v.blob},
             {"parent", v.parent ? json(versionName(*v.parent)) : json(nullptr)},
             {"samples", v.samples},
             {"kind", kindName(v.kind)},
             {"feature_shape", v.featureShape},
             {"classes", v.classes},
             {"class_counts", v.classCounts},
             {"splits", v.splits},
             {"columns", v.columns},
             {"column_stats", v.columnStats},
             {"mean", v.mean},
             {"std", v.std},
             {"sources", v.sources},
             {"message", v.message},
             {"created_at", v.createdAt}};
    out["task"] = taskName(v.task);
    if (!v.label.empty())
        out["label"] = v.label;
    if (!v.targetStats.is_null())
        out["target_stats"] = v.targetStats;
    return out;
}

json toJson(const DiffResult &diff)
{
    json classes = json::array();
    for (const auto &change : diff.classes)
        classes.push_back({{"class", change.className},
                           {"before", change.before},
                           {"after", change.after},
                           {"added", change.added},
                           {"removed", change.removed}});
    return json{{"from", diff.from.ref()},
                {"to", diff.to.ref()},
                {"samples_before", diff.from.samples},
                {"samples_after", diff.to.samples},
                {"added", diff.added},
                {"removed", diff.removed},
                {"classes", classes}};
}

namespace {

std::vector<std::string> columnTypeNames(const DatasetContent &content)
{
    std::vector<std::string> names;
    for (size_t c = 0; c < content.columnNames.size(); ++c)
        names.push_back(columnTypeName(content.columnType(c)));
    return names;
}

} // namespace

json schemaJson(const DatasetContent &content, const Statistics &stats)
{
    json splits = json::object();
    for (const auto &[name, indices] : content.splits)
        splits[name] = indices.size();
    json schema{{"kind", kindName(content.kind)},
                {"task", taskName(content.task)},
                {"feature_shape", content.featureShape},
                {"classes", content.classNames},
                {"class_counts", stats.classCounts},
                {"splits", splits},
                {"columns", content.columnNames},
                {"column_types", columnTypeNames(content)},
                {"column_stats", stats.columns},
                {"mean", stats.mean},
                {"std", stats.std}};
    if (!content.labelName.empty())
        schema["label"] = content.labelName;
    if (!stats.target.is_null())
        schema["target_stats"] = stats.target;
    return schema;
}

void applySchemaJson(const json &schema, VersionInfo &v)
{
    v.kind = schema.at("kind") == "image" ? DatasetKind::Image : DatasetKind::Table;
    v.task = parseTask(schema.value("task", "classification")).value_or(Task::Classification);
    v.label = schema.value("label", "");
    v.targetStats = schema.value("target_stats", json());
    v.featureShape = schema.at("feature_shape").get<std::vector<int64_t>>();
    v.classes = schema.at("classes").get<std::vector<std::string>>();
    v.classCounts = schema.at("class_counts").get<std::map<std::string, int64_t>>();
    v.splits = schema.at("splits").get<std::map<std::string, int64_t>>();
    v.columns = schema.at("columns").get<std::vector<std::string>>();
    v.columnTypes.assign(v.columns.size(), ColumnType::Numeric); // versions before typed columns
    const json types = schema.value("column_types", json::array());
    for (size_t c = 0; c < types.size() && c < v.columnTypes.size(); ++c)
        if (types[c].is_string())
            v.columnTypes[c] =
                parseColumnType(types[c].get<std::string>()).value_or(ColumnType::Numeric);
    v.columnStats = schema.value("column_stats", json::array());
    v.mean = schema.at("mean").get<std::vector<double>>();
    v.std = schema.at("std").get<std::vector<double>>();
}

} // namespace dllab::datasets
