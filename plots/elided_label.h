#pragma once
// A one-line label that gives up width first: where its text does not fit it ends in "…" and the
// tooltip holds all of it, so a long hint or subtitle never sets the window's minimum width.
// Plain text only. GUI thread only.
#include <QLabel>

namespace dllab::plots {

class ElidedLabel : public QLabel {
    Q_OBJECT
public:
    explicit ElidedLabel(const QString &text = {}, QWidget *parent = nullptr);

    void setText(const QString &text); // also the tooltip
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
};

} // namespace dllab::plots
