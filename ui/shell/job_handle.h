#pragma once
// One row of the jobs panel: a job's name, state, progress and Cancel. A JobRunner is a job on a
// thread of its own (an import, a split, an export, a sweep); a run's handle follows a run in the
// engine's RunScheduler. GUI thread only.
#include <QObject>
#include <QString>

namespace dllab::ui {

enum class JobState { Pending, Running, Done, Failed, Cancelled, Paused };

QString
jobStateName(JobState state); // "waiting", "running", "done", "failed", "cancelled", "paused"

class JobHandle : public QObject {
    Q_OBJECT
public:
    explicit JobHandle(QString name, QObject *parent = nullptr);

    const QString &name() const { return m_name; }
    JobState state() const { return m_state; }
    double fraction() const { return m_fraction; }
    const QString &message() const { return m_message; }
    bool isFinished() const;

    // Asks the job to stop at its next check (or to leave its queue); it ends as cancelled.
    virtual void cancel() = 0;

Q_SIGNALS:
    void progressed(double fraction, const QString &message);
    void started(); // Pending -> Running: a job that waited for its turn now works
    // After this, state() is Done, Failed, Cancelled or Paused; message() holds the error when
    // failed.
    void finished(dllab::ui::JobState state, const QString &message);
    // A later job carries on this one's work (a paused run resumed): its row goes.
    void replaced();

protected:
    void setWaitingMessage(const QString &message); // while Pending: what it waits for
    void markStarted();
    void markProgress(double fraction, const QString &message);
    void markFinished(JobState state, const QString &message);

private:
    QString m_name;
    JobState m_state = JobState::Pending;
    double m_fraction = 0;
    QString m_message;
};

} // namespace dllab::ui
