#include "ui/datasets/dataset_jobs.h"

#include "datasets/dataset_store.h"
#include "workspace/workspace.h"

#include <QFileInfo>

namespace dllab::ui {

namespace {

// An import's or split's result.
struct NewVersion {
    std::string ref;
    bool created = false;
    std::vector<datasets::DatasetSummary> listing;
};

JobRunner::End newVersion(const datasets::ImportResult &result, datasets::DatasetStore &store)
{
    return {JobState::Done, {}, NewVersion{result.version.ref(), result.created, store.list()}};
}

std::string importMessage(const QStringList &paths)
{
    QStringList names;
    for (const QString &path : paths)
        names << QFileInfo(path).fileName();
    return "import " + names.join(QStringLiteral(", ")).toStdString();
}

} // namespace

DatasetJobs::DatasetJobs(QObject *parent) : QObject(parent) {}

JobRunner *DatasetJobs::startImport(const std::filesystem::path &workspaceDir, const QString &name,
                                    const QStringList &paths,
                                    const datasets::ImportOptions &options)
{
    std::vector<std::filesystem::path> files;
    for (const QString &path : paths)
        files.emplace_back(path.toStdString());
    const std::string message = importMessage(paths);
    return launch(tr("Import %1").arg(name), [=, name = name.toStdString()](const JobContext &ctx) {
        workspace::Workspace workspace(workspaceDir);
        datasets::DatasetStore store(workspace);
        return newVersion(store.importFiles(name, files, options, message, ctx), store);
    });
}

JobRunner *DatasetJobs::startSplit(const std::filesystem::path &workspaceDir, const QString &ref,
                                   double valFraction, double testFraction, quint64 seed)
{
    return launch(tr("Split %1").arg(ref), [=, ref = ref.toStdString()](const JobContext &ctx) {
        workspace::Workspace workspace(workspaceDir);
        datasets::DatasetStore store(workspace);
        return newVersion(store.split(ref, valFraction, testFraction, seed, ctx), store);
    });
}

JobRunner *DatasetJobs::launch(const QString &jobName, JobRunner::Work work)
{
    auto *runner = new JobRunner(jobName, this);
    connect(runner, &JobRunner::finished, this,
            [this, runner](JobState state, const QString &message) {
                switch (state) {
                case JobState::Done: {
                    const auto &version = std::any_cast<const NewVersion &>(runner->result());
                    Q_EMIT versionReady(QString::fromStdString(version.ref), version.created,
                                        version.listing);
                    break;
                }
                case JobState::Failed:
                    Q_EMIT jobFailed(runner->name(), message);
                    break;
                default:
                    Q_EMIT jobCancelled(runner->name());
                    break;
                }
            });
    runner->start(std::move(work));
    Q_EMIT jobStarted(runner);
    return runner;
}

} // namespace dllab::ui
