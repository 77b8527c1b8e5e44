#include "ui/shell/job_handle.h"

#include <iterator>
#include <utility>

namespace dllab::ui {

QString jobStateName(JobState state)
{
    static const char *const names[] = {"waiting", "running",   "done",
                                        "failed",  "cancelled", "paused"};
    static_assert(std::size(names) == size_t(JobState::Paused) + 1);
    return QLatin1String(names[int(state)]);
}

JobHandle::JobHandle(QString name, QObject *parent) : QObject(parent), m_name(std::move(name)) {}

bool JobHandle::isFinished() const
{
    return m_state != JobState::Pending && m_state != JobState::Running;
}

void JobHandle::setWaitingMessage(const QString &message)
{
    if (m_state != JobState::Pending)
        return;
    m_message = message;
    Q_EMIT progressed(m_fraction, m_message);
}

void JobHandle::markStarted()
{
    if (m_state != JobState::Pending)
        return;
    m_state = JobState::Running;
    Q_EMIT started();
}

void JobHandle::markProgress(double fraction, const QString &message)
{
    if (isFinished())
        return;
    m_fraction = fraction;
    m_message = message;
    Q_EMIT progressed(m_fraction, m_message);
}

void JobHandle::markFinished(JobState state, const QString &message)
{
    if (isFinished())
        return;
    m_state = state;
    if (state == JobState::Done)
        m_fraction = 1.0;
    m_message = message;
    Q_EMIT finished(m_state, m_message);
}

} // namespace dllab::ui
