#pragma once
// Runs one engine job (an import, a split, an export, a sweep) on its own std::jthread and
// reports it on the GUI thread. The job's progress callback only writes a small locked buffer; a
// ~30 Hz QTimer on the GUI thread reads it, so the job's rate never drives the GUI's. Create,
// start and cancel from the GUI thread. The runner owns the thread; destroying it requests stop
// and joins. Training runs are not JobRunners: the engine's RunScheduler trains them.
#include "job_handle.h"
#include "workspace/job_context.h"

#include <QTimer>

#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace dllab::ui {

class JobRunner : public JobHandle {
    Q_OBJECT
public:
    // Runs on the job thread. It ends done when it returns; the engine's dllab::Cancelled (a stop
    // it honoured) ends it cancelled, any other exception failed with its message (DESIGN §4).
    using Work = std::function<void(const JobContext &ctx)>;

    explicit JobRunner(QString name, QObject *parent = nullptr);
    ~JobRunner() override;

    void start(Work work);
    void cancel() override;

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

    std::shared_ptr<Buffer> m_buffer = std::make_shared<Buffer>();
    QTimer m_poll;
    std::jthread m_thread; // last: joined before the members it uses are destroyed
};

} // namespace dllab::ui
