#include "ui/datasets/split_dialog.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>

#include <limits>

namespace dllab::ui {

namespace {

QDoubleSpinBox *fractionBox(double value)
{
    auto *box = new QDoubleSpinBox;
    box->setRange(0.0, 0.9);
    box->setSingleStep(0.05);
    box->setDecimals(2);
    box->setValue(value);
    return box;
}

} // namespace

SplitDialog::SplitDialog(const QString &ref, qint64 samples, qint64 testSamples, QWidget *parent)
    : QDialog(parent), m_val(fractionBox(0.1)), m_test(fractionBox(testSamples > 0 ? 0.0 : 0.1)),
      m_seed(new QSpinBox), m_samples(samples), m_testSamples(testSamples), m_summary(new QLabel)
{
    setWindowTitle(tr("Split %1").arg(ref));
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_seed->setValue(42);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Split"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *form = new QFormLayout(this);
    form->addRow(new QLabel(tr("Makes a new version of <b>%1</b> with train, val and test "
                               "splits, stratified by class.<br>With a test fraction of 0, "
                               "an existing test split is kept.")
                                .arg(ref.toHtmlEscaped())));
    form->addRow(tr("Validation fraction:"), m_val);
    form->addRow(tr("Test fraction:"), m_test);
    form->addRow(tr("Seed:"), m_seed);
    form->addRow(m_summary);
    form->addRow(buttons);
    connect(m_val, &QDoubleSpinBox::valueChanged, this, &SplitDialog::updateSummary);
    connect(m_test, &QDoubleSpinBox::valueChanged, this, &SplitDialog::updateSummary);
    updateSummary();
}

void SplitDialog::setFractions(double val, double test)
{
    m_val->setValue(val);
    m_test->setValue(test);
}

QString SplitDialog::summary() const { return m_summary->text(); }

double SplitDialog::valFraction() const { return m_val->value(); }
double SplitDialog::testFraction() const { return m_test->value(); }
quint64 SplitDialog::seed() const { return quint64(m_seed->value()); }

void SplitDialog::updateSummary()
{
    // As the engine splits: with a test fraction of 0 the version's own test split stays and
    // val is carved out of the rest.
    const bool keepTest = testFraction() == 0.0 && m_testSamples > 0;
    const qint64 test = keepTest ? m_testSamples : qRound64(double(m_samples) * testFraction());
    const qint64 val = keepTest ? qRound64(double(m_samples - test) * valFraction())
                                : qRound64(double(m_samples) * valFraction());
    const qint64 train = m_samples - test - val;
    const bool ok = 1.0 - valFraction() - testFraction() > 0.0 && train > 0;
    const auto part = [this](const QString &name, qint64 count) {
        // Each class is split on its own, so counts may differ by a sample or two: percent only.
        return tr("%1 %2%").arg(name).arg(
            m_samples > 0 ? qRound(100.0 * double(count) / double(m_samples)) : 0);
    };
    m_summary->setText(
        ok ? QStringList{part(tr("train"), train), part(tr("val"), val), part(tr("test"), test)}
                     .join(QStringLiteral(" · "))
                 + (keepTest ? tr(", its own test split kept") : QString())
           : tr("Nothing would be left to train on."));
    m_ok->setEnabled(ok);
}

} // namespace dllab::ui
