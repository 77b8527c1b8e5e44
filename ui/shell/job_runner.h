#pragma once
// Runs one engine job (an import, a split, an export, a sweep) on its own std::jthread and
// reports it on the GUI thread. The job's progress callback only writes a small locked buffer; a
// ~30 Hz QTimer on the GUI thread reads it, so the job's rate never drives the GUI's. Create,
// start and cancel from the GUI thread. The runner owns the thread; destroying it requests stop
// and joins. Training runs are not JobRunners: the engine's RunScheduler trains them.
#include "ui/shell/job_handle.h"
#include "workspace/job_context.h"

#include <QTimer>

#include <any>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace dllab::ui {

class JobRunner : public JobHandle {
    Q_OBJECT
public:
    // What the work returns: how it ended, why (a failure's error), and what it produced for
    // the job's owner (read with result() once finished). The engine's own errors still come as
    // exceptions (DESIGN §4): its dllab::Cancelled (a stop it honoured) ends the job cancelled,
    // any other exception failed with its message.
    struct End {
        JobState state = JobState::Done;
        std::string message;
        std::any result;
    };
    // Runs on the job thread.
    using Work = std::function<End(const JobContext &ctx)>;

    explicit JobRunner(QString name, QObject *parent = nullptr);

    void start(Work work);
    void cancel() override;
    // The finished work's result; empty before then and when it did not return.
    const std::any &result() const { return m_result; }

private:
    void drain();

    // What the job thread writes; shared so that the callback never outlives it.
    struct Buffer {
        std::mutex mutex;
        double fraction = 0;
        std::string message;
        bool changed = false;
        std::optional<End> end;
    };

    std::shared_ptr<Buffer> m_buffer = std::make_shared<Buffer>();
    QTimer m_poll;
    std::any m_result;
    // Last: destroying it (with the runner) requests stop and joins, before the members the job
    // thread uses go.
    std::jthread m_thread;
};

} // namespace dllab::ui
