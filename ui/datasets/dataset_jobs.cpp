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

JobRunner *DatasetJobs::startVerify(const std::filesystem::path &workspaceDir, const QString &ref)
{
    return launch(tr("Verify %1").arg(ref), [=, ref = ref.toStdString()](const JobContext &ctx) {
        workspace::Workspace workspace(workspaceDir);
        const datasets::VerifyResult result = datasets::DatasetStore(workspace).verify(ref, ctx);
        const QString name = QString::fromStdString(result.version.ref());
        if (!result.ok)
            return JobRunner::End{JobState::Failed,
                                  tr("%1 failed verification: %2")
                                      .arg(name, QString::fromStdString(result.problem))
                                      .toStdString(),
                                  {}};
        return JobRunner::End{JobState::Done,
                              tr("%1 is intact: %2 samples, content hash %3")
                                  .arg(name)
                                  .arg(result.version.samples)
                                  .arg(QString::fromStdString(result.version.hash).left(12))
                                  .toStdString(),
                              {}};
    });
}

JobRunner *DatasetJobs::startDelete(const std::filesystem::path &workspaceDir, const QString &ref)
{
    return launch(tr("Delete %1").arg(ref), [=, ref = ref.toStdString()](const JobContext &) {
        workspace::Workspace workspace(workspaceDir);
        const datasets::VersionInfo gone = datasets::DatasetStore(workspace).remove(ref);
        return JobRunner::End{JobState::Done,
                              tr("Deleted %1 (%2 samples)")
                                  .arg(QString::fromStdString(gone.ref()))
                                  .arg(gone.samples)
                                  .toStdString(),
                              {}};
    });
}

JobRunner *DatasetJobs::startDiff(const std::filesystem::path &workspaceDir, const QString &fromRef,
                                  const QString &toRef)
{
    return launch(
        tr("Compare %1 with %2").arg(toRef, fromRef),
        [=, from = fromRef.toStdString(), to = toRef.toStdString()](const JobContext &ctx) {
            workspace::Workspace workspace(workspaceDir);
            const datasets::DiffResult diff = datasets::DatasetStore(workspace).diff(from, to, ctx);
            QStringList changes;
            for (const datasets::ClassChange &c : diff.classes)
                if (c.added || c.removed)
                    changes << tr("%1 %2 → %3")
                                   .arg(QString::fromStdString(c.className))
                                   .arg(c.before)
                                   .arg(c.after);
            QString report = tr("%1 → %2: %3 samples added, %4 removed")
                                 .arg(QString::fromStdString(diff.from.ref()),
                                      QString::fromStdString(diff.to.ref()))
                                 .arg(diff.added)
                                 .arg(diff.removed);
            report += changes.isEmpty() ? tr(" (the same samples; splits may differ)")
                                        : QStringLiteral(" (") + changes.join(QStringLiteral(", "))
                                              + QLatin1Char(')');
            return JobRunner::End{JobState::Done, report.toStdString(), {}};
        });
}

JobRunner *DatasetJobs::launch(const QString &jobName, JobRunner::Work work)
{
    auto *runner = new JobRunner(jobName, this);
    connect(runner, &JobRunner::finished, this,
            [this, runner](JobState state, const QString &message) {
                switch (state) {
                case JobState::Done:
                    if (const auto *version = std::any_cast<NewVersion>(&runner->result()))
                        Q_EMIT versionReady(QString::fromStdString(version->ref), version->created,
                                            version->listing);
                    else
                        Q_EMIT reported(runner->name(), message);
                    break;
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
