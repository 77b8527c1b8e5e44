#include "ui/shell/job_runner.h"

#include "workspace/error.h"

#include <exception>
#include <utility>

namespace dllab::ui {

JobRunner::JobRunner(QString name, QObject *parent) : JobHandle(std::move(name), parent)
{
    m_poll.setInterval(33); // ~30 Hz: the job's rate never drives the GUI's
    connect(&m_poll, &QTimer::timeout, this, &JobRunner::drain);
}

void JobRunner::start(Work work)
{
    Q_ASSERT(state() == JobState::Pending);
    markStarted();
    m_poll.start();
    m_thread = std::jthread([buffer = m_buffer, work = std::move(work)](std::stop_token stop) {
        JobContext ctx;
        ctx.stop = stop;
        ctx.onProgress = [buffer](double fraction, const std::string &message) {
            std::lock_guard lock(buffer->mutex);
            buffer->fraction = fraction;
            buffer->message = message;
            buffer->changed = true;
        };
        End end;
        // No exception leaves the job thread (DESIGN §4): each one becomes the job's end.
        try {
            end = work(ctx);
        } catch (const Cancelled &) {
            end.state = JobState::Cancelled;
        } catch (const std::exception &e) {
            end = {JobState::Failed, e.what(), {}};
        } catch (...) {
            end = {JobState::Failed, "unexpected error", {}};
        }
        std::lock_guard lock(buffer->mutex);
        buffer->end = std::move(end);
    });
}

void JobRunner::cancel()
{
    if (state() == JobState::Running)
        m_thread.request_stop();
}

void JobRunner::drain()
{
    bool changed = false;
    std::optional<End> end;
    std::string message;
    double fraction = 0;
    {
        std::lock_guard lock(m_buffer->mutex);
        changed = std::exchange(m_buffer->changed, false);
        fraction = m_buffer->fraction;
        message = m_buffer->message;
        end = std::exchange(m_buffer->end, std::nullopt);
    }
    if (changed)
        markProgress(fraction, QString::fromStdString(message));
    if (!end)
        return;
    m_poll.stop();
    if (m_thread.joinable())
        m_thread.join(); // it has already left the work; this only reaps it
    m_result = std::move(end->result);
    markFinished(end->state, QString::fromStdString(end->message));
}

} // namespace dllab::ui
