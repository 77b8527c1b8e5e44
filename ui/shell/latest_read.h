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

namespace dllab::ui {

template <typename T> class LatestRead {
public:
    explicit LatestRead(QObject *owner) : m_owner(owner) {}
    ~LatestRead() { drop(); }
    LatestRead(const LatestRead &) = delete;
    LatestRead &operator=(const LatestRead &) = delete;

    void read(std::function<T()> work, std::function<void(T)> done)
    {
        const quint64 generation = ++m_state->generation;
        m_state->pending = true;
        QThreadPool::globalInstance()->start([state = m_state, owner = QPointer<QObject>(m_owner),
                                              generation, work = std::move(work),
                                              done = std::move(done)]() mutable {
            auto answer = std::make_shared<T>(work());
            // Queued to the application (the owner may go meanwhile): delivered on the GUI
            // thread, and dropped once the owner is destroyed.
            QMetaObject::invokeMethod(
                QCoreApplication::instance(),
                [state, owner, generation, answer, done = std::move(done)] {
                    if (!owner || generation != state->generation)
                        return; // gone, or a newer read replaced this one
                    state->pending = false;
                    done(std::move(*answer));
                },
                Qt::QueuedConnection);
        });
    }
    // Forgets the read in flight: its answer will be dropped.
    void drop()
    {
        ++m_state->generation;
        m_state->pending = false;
    }
    // True from read() until its answer is delivered (or dropped).
    bool busy() const { return m_state->pending; }

private:
    struct State {
        quint64 generation = 0; // read and written on the GUI thread only
        bool pending = false;
    };
    QObject *m_owner;
    std::shared_ptr<State> m_state = std::make_shared<State>();
};

} // namespace dllab::ui
