#pragma once
// A dismissable banner for errors that must not block (a failed import, a workspace that will
// not open): red-tinted strip with the message and a close button, hidden until shown. GUI
// thread only.
#include <QFrame>

class QLabel;

namespace dllab::ui {

class ErrorBanner : public QFrame {
    Q_OBJECT
public:
    explicit ErrorBanner(QWidget *parent = nullptr);

    void showError(const QString &title, const QString &message);
    QString text() const { return m_plain; } // what it says, as plain text

private:
    QLabel *m_label;
    QString m_plain;
};

} // namespace dllab::ui
