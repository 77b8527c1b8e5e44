#pragma once
// Runs one engine job on its own std::jthread and reports it on the GUI thread. The job's
// progress callback only writes a small locked buffer; a ~30 Hz QTimer on the GUI thread reads it
// and emits progressed()/finished(), so the job's rate never drives the GUI's. Create, start and
// cancel from the GUI thread. The runner owns the thread; destroying it requests stop and joins.
#include "workspace/job_context.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace dllab::ui {

enum class JobState { Pending, Running, Done, Failed, Cancelled, Paused };

QString jobStateName(JobState state); // "waiting", "running", "done", "failed", "cancelled", "paused"

// Thrown by a job's work to end as paused (a training run that kept its checkpoint).
struct JobPaused {};

class JobRunner : public QObject {
    Q_OBJECT
public:
    // Runs on the job thread; throws dllab::Error to fail, dllab::Cancelled or JobPaused to end so.
    using Work = std::function<void(const JobContext &ctx)>;

    explicit JobRunner(QString name, QObject *parent = nullptr);
    ~JobRunner() override;

    const QString &name() const { return m_name; }
    JobState state() const { return m_state; }
    double fraction() const { return m_fraction; }
    const QString &message() const { return m_message; }
    bool isFinished() const;

    void start(Work work);
    // Before start(): what the job waits for (a training run waiting for a free slot).
    void setWaitingMessage(const QString &message);
    // Asks the job to stop at its next check; it ends as cancelled (or done, if it was finishing).
    // Before start() there is nothing to stop: cancelRequested() tells whoever would start it.
    void cancel();
    // Blocks until the work has returned, without asking it to stop; for jobs already told to
    // end another way (a training run asked to pause). finished() still follows from the timer.
    void wait();

Q_SIGNALS:
    void progressed(double fraction, const QString &message);
    void started(); // Pending -> Running: a job that waited for its turn now works
    void cancelRequested(); // cancel() before start()
    // After this, state() is Done, Failed or Cancelled; message() holds the error when failed.
    void finished(dllab::ui::JobState state, const QString &message);

private:
    void drain();

    // What the job thread writes; shared so that the callback never outlives it.
    struct Buffer {
        std::mutex mutex;
        double fraction = 0;
        std::string message;
        bool changed = false;
        bool ended = false;
        JobState endState = JobState::Done;
        std::string error;
    };

    QString m_name;
    JobState m_state = JobState::Pending;
    double m_fraction = 0;
    QString m_message;
    std::shared_ptr<Buffer> m_buffer = std::make_shared<Buffer>();
    QTimer m_poll;
    std::jthread m_thread; // last: joined before the members it uses are destroyed
};

} // namespace dllab::ui
