#include "job_runner.h"

#include "workspace/error.h"

#include <exception>
#include <utility>

namespace dllab::ui {

namespace {

constexpr int kPollIntervalMs = 33; // ~30 Hz

} // namespace

QString jobStateName(JobState state)
{
    switch (state) {
    case JobState::Pending:
        return QStringLiteral("waiting");
    case JobState::Running:
        return QStringLiteral("running");
    case JobState::Done:
        return QStringLiteral("done");
    case JobState::Failed:
        return QStringLiteral("failed");
    case JobState::Cancelled:
        return QStringLiteral("cancelled");
    case JobState::Paused:
        return QStringLiteral("paused");
    }
    return {};
}

JobRunner::JobRunner(QString name, QObject *parent) : QObject(parent), m_name(std::move(name))
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

bool JobRunner::isFinished() const
{
    return m_state == JobState::Done || m_state == JobState::Failed
        || m_state == JobState::Cancelled || m_state == JobState::Paused;
}

void JobRunner::start(Work work)
{
    Q_ASSERT(m_state == JobState::Pending);
    m_state = JobState::Running;
    Q_EMIT started();
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
        } catch (const JobPaused &) {
            state = JobState::Paused;
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

void JobRunner::setWaitingMessage(const QString &message)
{
    if (m_state != JobState::Pending)
        return;
    m_message = message;
    Q_EMIT progressed(m_fraction, m_message);
}

void JobRunner::cancel()
{
    if (m_state == JobState::Running)
        m_thread.request_stop();
    else if (m_state == JobState::Pending)
        Q_EMIT cancelRequested();
}

void JobRunner::wait()
{
    if (m_thread.joinable())
        m_thread.join();
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
    if (changed) {
        m_fraction = fraction;
        m_message = QString::fromStdString(message);
        Q_EMIT progressed(m_fraction, m_message);
    }
    if (!ended)
        return;
    m_poll.stop();
    if (m_thread.joinable())
        m_thread.join(); // it has already left the work; this only reaps it
    m_state = endState;
    if (endState == JobState::Done)
        m_fraction = 1.0;
    m_message = endState == JobState::Failed ? QString::fromStdString(error) : QString();
    Q_EMIT finished(m_state, m_message);
}

} // namespace dllab::ui
