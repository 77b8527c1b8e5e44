#pragma once
// Asks for the fractions and seed of a train/val/test split of one version, and says what the
// split will hold, as the engine makes it (DatasetStore::split). GUI thread only.
#include <QDialog>

class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace dllab::ui {

class SplitDialog : public QDialog {
    Q_OBJECT
public:
    // `samples` in the version; `testSamples` in its own test split (0: it has none).
    SplitDialog(const QString &ref, qint64 samples, qint64 testSamples, QWidget *parent = nullptr);

    double valFraction() const;
    double testFraction() const;
    quint64 seed() const;
    void setFractions(double val, double test);
    QString summary() const; // "train 72% · val 8% · test 20%, its own test split kept"

private:
    void updateSummary();

    QDoubleSpinBox *m_val;
    QDoubleSpinBox *m_test;
    QSpinBox *m_seed;
    const qint64 m_samples;
    const qint64 m_testSamples;
    QLabel *m_summary;
    QPushButton *m_ok = nullptr;
};

} // namespace dllab::ui
