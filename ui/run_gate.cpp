#include "run_gate.h"

#include <algorithm>
#include <chrono>

namespace dllab::ui {

void RunGate::setLimit(int limit)
{
    {
        std::lock_guard lock(m_mutex);
        m_limit = std::max(1, limit);
    }
    m_changed.notify_all();
}

int RunGate::limit() const
{
    std::lock_guard lock(m_mutex);
    return m_limit;
}

int RunGate::waiting() const
{
    std::lock_guard lock(m_mutex);
    return m_waiting;
}

uint64_t RunGate::draw()
{
    std::lock_guard lock(m_mutex);
    ++m_waiting;
    return m_nextTicket++;
}

bool RunGate::enter(uint64_t ticket, const std::function<bool()> &giveUp)
{
    using namespace std::chrono_literals;
    std::unique_lock lock(m_mutex);
    // A ticket whose holder gave up must not block the ones behind it: m_abandoned remembers it
    // so that m_serving can step over.
    while (!(ticket == m_serving && m_running < m_limit)) {
        if (giveUp && giveUp()) {
            lock.unlock();
            abandon(ticket);
            return false;
        }
        m_changed.wait_for(lock, 100ms);
    }
    --m_waiting;
    ++m_running;
    ++m_serving;
    skipAbandoned();
    m_changed.notify_all();
    return true;
}

void RunGate::abandon(uint64_t ticket)
{
    {
        std::lock_guard lock(m_mutex);
        --m_waiting;
        m_abandoned.insert(ticket);
        skipAbandoned();
    }
    m_changed.notify_all();
}

void RunGate::leave()
{
    {
        std::lock_guard lock(m_mutex);
        m_running = std::max(0, m_running - 1);
    }
    m_changed.notify_all();
}

void RunGate::skipAbandoned()
{
    while (m_abandoned.erase(m_serving) > 0)
        ++m_serving;
}

} // namespace dllab::ui
