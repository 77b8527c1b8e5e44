#pragma once
// Pause, Resume, Cancel, Clone, Export and Try it for one run, enabled by the engine's rules for
// its status (training/run_status.h). The buttons only emit; the owner calls the RunController
// (and opens the dialog for Clone). GUI thread only.
#include "training/run_status.h"

#include <QWidget>

class QPushButton;

namespace dllab::ui {

class RunActions : public QWidget {
    Q_OBJECT
public:
    explicit RunActions(QWidget *parent = nullptr);

    // runId 0: no run (the status is then ignored).
    void setRun(qint64 runId, training::RunStatus status);

    QPushButton *pauseButton() const { return m_pause; }
    QPushButton *resumeButton() const { return m_resume; }
    QPushButton *cancelButton() const { return m_cancel; }
    QPushButton *exportButton() const { return m_export; }
    QPushButton *tryItButton() const { return m_tryIt; }
    QPushButton *cloneButton() const { return m_clone; }

Q_SIGNALS:
    void pauseClicked(qint64 runId);
    void resumeClicked(qint64 runId);
    void cancelClicked(qint64 runId);
    void cloneClicked(qint64 runId);
    void exportClicked(qint64 runId);
    void tryItClicked(qint64 runId);
    void changed(); // another run, or its status: the buttons' enabled states may differ

private:
    qint64 m_runId = 0;
    QPushButton *m_pause, *m_resume, *m_cancel, *m_clone, *m_export, *m_tryIt;
};

} // namespace dllab::ui
