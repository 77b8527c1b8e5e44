#pragma once
// Starts dataset jobs (import, split, verify, delete, compare) as engine jobs, each on its own
// JobRunner thread with its own Workspace, and reports their outcome as signals on the GUI thread.
// GUI thread only; owns its runners (they stay alive so that the jobs panel can show how they
// ended). The window also parents its export jobs here (they delete themselves when they end), so
// that closing the window cancels them too.
#include "datasets/dataset_store.h"
#include "ui/shell/job_runner.h"

#include <QObject>
#include <QStringList>

#include <filesystem>

namespace dllab::ui {

class DatasetJobs : public QObject {
    Q_OBJECT
public:
    explicit DatasetJobs(QObject *parent = nullptr);

    // `options`: the label column, column types and so on, as the table import dialog chose.
    JobRunner *startImport(const std::filesystem::path &workspaceDir, const QString &name,
                           const QStringList &paths, const datasets::ImportOptions &options = {});
    JobRunner *startSplit(const std::filesystem::path &workspaceDir, const QString &ref,
                          double valFraction, double testFraction, quint64 seed);
    // Re-hashes a version; a damaged one fails the job with verify's message.
    JobRunner *startVerify(const std::filesystem::path &workspaceDir, const QString &ref);
    // Deletes a version; the engine refuses (and the job fails) when a run uses it.
    JobRunner *startDelete(const std::filesystem::path &workspaceDir, const QString &ref);
    // Samples added and removed from `fromRef` to `toRef`, by content and per class.
    JobRunner *startDiff(const std::filesystem::path &workspaceDir, const QString &fromRef,
                         const QString &toRef);

Q_SIGNALS:
    void jobStarted(dllab::ui::JobRunner *runner);
    // ref is "name@vN": the new version, or the latest one when nothing changed (created false).
    // `listing`: the workspace's datasets as the job left them (read on its thread).
    void versionReady(const QString &ref, bool created,
                      const std::vector<dllab::datasets::DatasetSummary> &listing);
    // A verify or compare job's finding, as its job row says it.
    void reported(const QString &jobName, const QString &report);
    void jobFailed(const QString &jobName, const QString &message);
    void jobCancelled(const QString &jobName);

private:
    JobRunner *launch(const QString &jobName, JobRunner::Work work);
};

} // namespace dllab::ui
