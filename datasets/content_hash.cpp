#include "content_hash.h"

#include "workspace/sha256.h"

namespace dllab::datasets {

namespace {

void addInts(workspace::Sha256 &sha, const std::vector<int64_t> &values)
{
    sha.update(std::to_string(values.size()) + ":");
    sha.update(values.data(), values.size() * sizeof(int64_t));
}

void addStrings(workspace::Sha256 &sha, const std::vector<std::string> &values)
{
    sha.update(std::to_string(values.size()) + ":");
    for (const auto &value : values)
        sha.update(std::to_string(value.size()) + ":" + value);
}

} // namespace

std::string contentHash(const DatasetContent &content)
{
    workspace::Sha256 sha;
    // Length prefixes keep the encoding unambiguous; the version tag lets it change one day.
    sha.update(std::string("dllab-dataset-content-1;") + kindName(content.kind) + ";");
    addInts(sha, content.featureShape);
    addStrings(sha, content.classNames);
    addStrings(sha, content.columnNames);
    // Only typed tables hash their types, so older all-numeric versions keep their hashes.
    if (content.hasTypedColumns())
        for (size_t c = 0; c < content.columnNames.size(); ++c) {
            sha.update(std::string(columnTypeName(content.columnType(c))) + ";");
            addStrings(sha, c < content.columnInfo.size() ? content.columnInfo[c].categories
                                                          : std::vector<std::string>{});
        }
    if (content.kind == DatasetKind::Image)
        sha.update(content.pixels.data(), content.pixels.size());
    else
        sha.update(content.values.data(), content.values.size() * sizeof(float));
    addInts(sha, content.labels);
    // Only regression versions hash their task, so classification versions keep their hashes.
    if (content.task == Task::Regression) {
        sha.update(std::string(";regression;") + std::to_string(content.targets.size()) + ":");
        sha.update(content.targets.data(), content.targets.size() * sizeof(float));
    }
    sha.update(std::to_string(content.splits.size()) + ":");
    for (const auto &[name, indices] : content.splits) {
        sha.update(name + ";");
        addInts(sha, indices);
    }
    return sha.hexDigest();
}

} // namespace dllab::datasets
