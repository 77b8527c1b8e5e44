#pragma once
// "Run this read on a worker, drop stale answers" (DESIGN.md §3): read() runs `work` on Qt's
// thread pool (it opens its own Workspace there) and hands the answer to `done` on the GUI
// thread, unless a later read() or drop() came first, or the owner is gone. Every view and dialog
// that reads off the GUI thread uses it. GUI thread only; a member of the QObject it reads for.
#include <QCoreApplication>
#include <QObject>
#include <QPointer>
#include <QThreadPool>

#include <functional>
#include <memory>
#include <utility>

namespace dllab::ui {

template <typename T> class LatestRead {
public:
    explicit LatestRead(QObject *owner) : m_owner(owner) {}
    ~LatestRead() { drop(); }
    LatestRead(const LatestRead &) = delete;
    LatestRead &operator=(const LatestRead &) = delete;

    // One read runs at a time: a request made meanwhile waits for it and replaces any request
    // waiting before it, so a user arrowing through a list costs one read, not one per row.
    void read(std::function<T()> work, std::function<void(T)> done)
    {
        const quint64 generation = ++m_state->generation;
        m_state->pending = true;
        m_state->next = [state = m_state, owner = QPointer<QObject>(m_owner), generation,
                         work = std::move(work), done = std::move(done)]() mutable {
            QThreadPool::globalInstance()->start([state, owner, generation, work = std::move(work),
                                                  done = std::move(done)]() mutable {
                auto answer = std::make_shared<T>(work());
                // Queued to the application (the owner may go meanwhile): delivered on the GUI
                // thread, and dropped once the owner is destroyed.
                QMetaObject::invokeMethod(
                    QCoreApplication::instance(),
                    [state, owner, generation, answer, done = std::move(done)] {
                        state->running = false;
                        if (!owner)
                            return;
                        if (generation != state->generation)
                            return startNext(state); // a newer read replaced this one
                        state->pending = false;
                        done(std::move(*answer));
                    },
                    Qt::QueuedConnection);
            });
        };
        if (!m_state->running)
            startNext(m_state);
    }
    // Forgets the reads asked for: the answer of the one in flight will be dropped.
    void drop()
    {
        ++m_state->generation;
        m_state->pending = false;
        m_state->next = nullptr;
    }
    // True from read() until its answer is delivered (or dropped).
    bool busy() const { return m_state->pending; }

private:
    // Read and written on the GUI thread only.
    struct State {
        quint64 generation = 0;
        bool pending = false;
        bool running = false;
        std::function<void()> next; // the newest request, waiting for the running one
    };
    static void startNext(const std::shared_ptr<State> &state)
    {
        if (!state->next)
            return;
        state->running = true;
        std::exchange(state->next, nullptr)();
    }

    QObject *m_owner;
    std::shared_ptr<State> m_state = std::make_shared<State>();
};

// `work` for read() when its answer has a QString `error`: an exception becomes that error
// instead of leaving the pool thread.
template <typename Work> auto catchingErrors(Work work)
{
    return [work = std::move(work)]() {
        try {
            return work();
        } catch (const std::exception &e) {
            decltype(work()) failed;
            failed.error = QString::fromUtf8(e.what());
            return failed;
        }
    };
}

} // namespace dllab::ui
