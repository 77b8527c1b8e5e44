#include "job_runner.h"

#include "workspace/error.h"

#include <exception>
#include <utility>

namespace dllab::ui {

namespace {

constexpr int kPollIntervalMs = 33; // ~30 Hz

} // namespace

JobRunner::JobRunner(QString name, QObject *parent) : JobHandle(std::move(name), parent)
{
    m_poll.setInterval(kPollIntervalMs);
    connect(&m_poll, &QTimer::timeout, this, &JobRunner::drain);
}

JobRunner::~JobRunner()
{
    if (m_thread.joinable()) {
        m_thread.request_stop();
        m_thread.join();
    }
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
        JobState state = JobState::Done;
        std::string error;
        // No exception leaves the job thread (DESIGN §4): each one becomes the job's end state.
        try {
            work(ctx);
        } catch (const Cancelled &) {
            state = JobState::Cancelled;
        } catch (const std::exception &e) {
            state = JobState::Failed;
            error = e.what();
        } catch (...) {
            state = JobState::Failed;
            error = "unexpected error";
        }
        std::lock_guard lock(buffer->mutex);
        buffer->ended = true;
        buffer->endState = state;
        buffer->error = std::move(error);
    });
}

void JobRunner::cancel()
{
    if (state() == JobState::Running)
        m_thread.request_stop();
}

void JobRunner::drain()
{
    bool changed = false, ended = false;
    JobState endState = JobState::Done;
    std::string message, error;
    double fraction = 0;
    {
        std::lock_guard lock(m_buffer->mutex);
        changed = std::exchange(m_buffer->changed, false);
        fraction = m_buffer->fraction;
        message = m_buffer->message;
        ended = m_buffer->ended;
        endState = m_buffer->endState;
        error = m_buffer->error;
    }
    if (changed)
        markProgress(fraction, QString::fromStdString(message));
    if (!ended)
        return;
    m_poll.stop();
    if (m_thread.joinable())
        m_thread.join(); // it has already left the work; this only reaps it
    markFinished(endState,
                 endState == JobState::Failed ? QString::fromStdString(error) : QString());
}

} // namespace dllab::ui
