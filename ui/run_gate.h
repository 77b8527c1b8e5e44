#pragma once
// The GUI's training queue: at most `limit` runs train at once, the others wait their turn first
// in, first out. A run's job thread creates its run (status queued, so it shows and survives a
// restart), then waits here for a slot, and gives the slot back when it ends. The limit can change
// at any time; a wider limit admits waiting runs at once. Thread-safe.
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <set>

namespace dllab::ui {

class RunGate {
public:
    explicit RunGate(int limit = 1) : m_limit(limit) {}

    void setLimit(int limit);
    int limit() const;
    // How many runs wait for a slot.
    int waiting() const;

    // A place in the queue, drawn where runs are launched (the GUI thread), so that the order
    // of launching is the order of training, whichever job thread gets going first.
    uint64_t draw();
    // Blocks until `ticket` is next and a slot is free; true then (call leave() when the run
    // ends). False, without a slot, as soon as `giveUp` (polled about ten times a second) returns
    // true: a cancel or pause while queued. Every drawn ticket must be entered once.
    bool enter(uint64_t ticket, const std::function<bool()> &giveUp);
    // Gives up a drawn ticket without entering (the run could not even be created).
    void abandon(uint64_t ticket);
    void leave();

private:
    void skipAbandoned(); // with m_mutex held

    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    int m_limit;
    int m_running = 0;
    uint64_t m_nextTicket = 0; // the ticket the next caller draws
    uint64_t m_serving = 0;    // the oldest ticket still waiting
    int m_waiting = 0;
    std::set<uint64_t> m_abandoned; // tickets given up before their turn
};

} // namespace dllab::ui
