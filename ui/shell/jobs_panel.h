#pragma once
// The jobs panel: one row per job (name, progress, message, Cancel), newest first. Rows follow
// their JobRunner's signals; finished rows keep their end state until "Clear finished". GUI
// thread only; the panel owns its rows, not the runners.
#include "ui/shell/job_handle.h"

#include <QElapsedTimer>
#include <QFrame>
#include <QPointer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QVBoxLayout;

namespace dllab::ui {

class JobRow : public QFrame {
    Q_OBJECT
public:
    explicit JobRow(JobHandle *runner, QWidget *parent = nullptr);

    QString name() const;
    JobState state() const { return m_state; }
    QString stateText() const;
    QString messageText() const;
    QPushButton *cancelButton() const { return m_cancel; }

private:
    void showProgress(double fraction, const QString &message);
    void showLiveState(JobState state); // waiting or running
    void showFinished(JobState state, const QString &message);

    QPointer<JobHandle> m_runner;
    JobState m_state = JobState::Running;
    QElapsedTimer m_clock;
    QLabel *m_name;
    QProgressBar *m_progress;
    QLabel *m_message;
    QLabel *m_stateLabel;
    QPushButton *m_cancel;
};

class JobsPanel : public QWidget {
    Q_OBJECT
public:
    explicit JobsPanel(QWidget *parent = nullptr);

    JobRow *addJob(dllab::ui::JobHandle *runner);
    QList<JobRow *> rows() const; // newest first
    void clearFinished();
    // Two whole rows' height: the dock starts small and grows only when the user drags it.
    QSize sizeHint() const override;

private:
    void updateHint();

    QVBoxLayout *m_rows;
    QLabel *m_hint;
    int m_rowHeight = 0;
};

} // namespace dllab::ui
