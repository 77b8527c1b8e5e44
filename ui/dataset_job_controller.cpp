#include "dataset_job_controller.h"

#include "datasets/dataset_store.h"
#include "workspace/workspace.h"

#include <QFileInfo>

#include <algorithm>

namespace dllab::ui {

// Written by the job thread before it ends; read on the GUI thread after finished().
struct DatasetJobController::Outcome {
    std::string ref;
    bool created = false;
    std::vector<datasets::DatasetSummary> listing;
};

namespace {

std::string importMessage(const QStringList &paths)
{
    QStringList names;
    for (const QString &path : paths)
        names << QFileInfo(path).fileName();
    return "import " + names.join(QStringLiteral(", ")).toStdString();
}

} // namespace

DatasetJobController::DatasetJobController(QObject *parent) : QObject(parent) {}

JobRunner *DatasetJobController::startImport(const std::filesystem::path &workspaceDir,
                                             const QString &name, const QStringList &paths)
{
    std::vector<std::filesystem::path> files;
    for (const QString &path : paths)
        files.emplace_back(path.toStdString());
    auto outcome = std::make_shared<Outcome>();
    const std::string message = importMessage(paths);
    return launch(tr("Import %1").arg(name), outcome,
                  [=, name = name.toStdString()](const JobContext &ctx) {
                      workspace::Workspace workspace(workspaceDir);
                      datasets::DatasetStore store(workspace);
                      const auto result = store.importFiles(name, files, {}, message, ctx);
                      outcome->ref = result.version.ref();
                      outcome->created = result.created;
                      outcome->listing = store.list();
                  });
}

JobRunner *DatasetJobController::startSplit(const std::filesystem::path &workspaceDir,
                                            const QString &ref, double valFraction,
                                            double testFraction, quint64 seed)
{
    auto outcome = std::make_shared<Outcome>();
    return launch(tr("Split %1").arg(ref), outcome,
                  [=, ref = ref.toStdString()](const JobContext &ctx) {
                      workspace::Workspace workspace(workspaceDir);
                      datasets::DatasetStore store(workspace);
                      const auto result = store.split(ref, valFraction, testFraction, seed, ctx);
                      outcome->ref = result.version.ref();
                      outcome->created = result.created;
                      outcome->listing = store.list();
                  });
}

bool DatasetJobController::hasRunningJobs() const
{
    const auto runners = findChildren<JobRunner *>(Qt::FindDirectChildrenOnly);
    return std::any_of(runners.begin(), runners.end(),
                       [](const JobRunner *runner) { return !runner->isFinished(); });
}

JobRunner *DatasetJobController::launch(const QString &jobName,
                                        const std::shared_ptr<Outcome> &outcome,
                                        JobRunner::Work work)
{
    auto *runner = new JobRunner(jobName, this);
    connect(runner, &JobRunner::finished, this,
            [this, runner, outcome](JobState state, const QString &message) {
                switch (state) {
                case JobState::Done:
                    Q_EMIT versionReady(QString::fromStdString(outcome->ref), outcome->created,
                                        outcome->listing);
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
