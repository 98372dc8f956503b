package io.coinlens.analytics.indicators;

import java.util.Arrays;

/**
 * Straightforward recomputations, written independently of the incremental classes: each window is summed and
 * scanned afresh (two-pass variance, plain max/min scans), and the recursive indicators are the plain loops of
 * their definitions. NaN where the indicator is still warming up. Only for tests: O(n * period).
 */
final class NaiveIndicators {

    private NaiveIndicators() {
    }

    static double[] nan(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    static double mean(double[] x, int from, int to) {
        double s = 0;
        for (int i = from; i <= to; i++) {
            s += x[i];
        }
        return s / (to - from + 1);
    }

    static double m2(double[] x, int from, int to) {
        double m = mean(x, from, to);
        double s = 0;
        for (int i = from; i <= to; i++) {
            s += (x[i] - m) * (x[i] - m);
        }
        return s;
    }

    static double[] sma(double[] x, int p) {
        double[] out = nan(x.length);
        for (int i = p - 1; i < x.length; i++) {
            out[i] = mean(x, i - p + 1, i);
        }
        return out;
    }

    /** EMA seeded with the SMA of the {@code p} values ending at {@code seedAt}, as TA-Lib's INT_EMA does. */
    static double[] ema(double[] x, int p, int seedAt) {
        double[] out = nan(x.length);
        if (seedAt >= x.length) {
            return out;
        }
        double k = 2.0 / (p + 1);
        double e = mean(x, seedAt - p + 1, seedAt);
        out[seedAt] = e;
        for (int i = seedAt + 1; i < x.length; i++) {
            e = ((x[i] - e) * k) + e;
            out[i] = e;
        }
        return out;
    }

    static double[] wma(double[] x, int p) {
        double[] out = nan(x.length);
        double divider = p * (p + 1) / 2.0;
        for (int i = p - 1; i < x.length; i++) {
            double s = 0;
            for (int j = 0; j < p; j++) {
                s += (j + 1) * x[i - p + 1 + j];
            }
            out[i] = s / divider;
        }
        return out;
    }

    static double[] rsi(double[] c, int p) {
        double[] out = nan(c.length);
        double gain = 0;
        double loss = 0;
        for (int i = 1; i <= p && i < c.length; i++) {
            double d = c[i] - c[i - 1];
            gain += Math.max(d, 0);
            loss += Math.max(-d, 0);
        }
        gain /= p;
        loss /= p;
        for (int i = p; i < c.length; i++) {
            if (i > p) {
                double d = c[i] - c[i - 1];
                gain = (gain * (p - 1) + Math.max(d, 0)) / p;
                loss = (loss * (p - 1) + Math.max(-d, 0)) / p;
            }
            out[i] = gain + loss == 0 ? 0 : 100 * gain / (gain + loss);
        }
        return out;
    }

    /** [macd, signal, hist] */
    static double[][] macd(double[] c, int fast, int slow, int signal) {
        double[] slowEma = ema(c, slow, slow - 1);
        double[] fastEma = ema(c, fast, slow - 1);
        int n = c.length;
        double[] line = nan(n);
        for (int i = slow - 1; i < n; i++) {
            line[i] = fastEma[i] - slowEma[i];
        }
        double[] sig = nan(n);
        int first = slow - 1 + signal - 1;
        double[] tail = Arrays.copyOfRange(line, slow - 1, n);
        double[] tailSignal = ema(tail, signal, signal - 1);
        double[][] out = {nan(n), nan(n), nan(n)};
        for (int i = first; i < n; i++) {
            sig[i] = tailSignal[i - (slow - 1)];
            out[0][i] = line[i];
            out[1][i] = sig[i];
            out[2][i] = line[i] - sig[i];
        }
        return out;
    }

    static double[] stddev(double[] x, int p) {
        double[] out = nan(x.length);
        for (int i = p - 1; i < x.length; i++) {
            out[i] = Math.sqrt(m2(x, i - p + 1, i) / p);
        }
        return out;
    }

    static double trueRange(double h, double l, double prevClose) {
        return Math.max(h - l, Math.max(Math.abs(h - prevClose), Math.abs(l - prevClose)));
    }

    static double[] atr(double[] h, double[] l, double[] c, int p) {
        double[] out = nan(c.length);
        double atr = 0;
        for (int i = 1; i <= p; i++) {
            atr += trueRange(h[i], l[i], c[i - 1]);
        }
        atr /= p;
        out[p] = atr;
        for (int i = p + 1; i < c.length; i++) {
            atr = (atr * (p - 1) + trueRange(h[i], l[i], c[i - 1])) / p;
            out[i] = atr;
        }
        return out;
    }

    /** [adx, +DI, -DI] following TA-Lib's ADX: raw sums over 1..p-1, then Wilder smoothing. */
    static double[][] adx(double[] h, double[] l, double[] c, int p) {
        int n = c.length;
        double[][] out = {nan(n), nan(n), nan(n)};
        double pdm = 0;
        double mdm = 0;
        double tr = 0;
        double adx = 0;
        for (int i = 1; i < n; i++) {
            double up = h[i] - h[i - 1];
            double down = l[i - 1] - l[i];
            double plus = up > 0 && up > down ? up : 0;
            double minus = down > 0 && down > up ? down : 0;
            double range = trueRange(h[i], l[i], c[i - 1]);
            if (i < p) {
                pdm += plus;
                mdm += minus;
                tr += range;
                continue;
            }
            pdm = pdm - pdm / p + plus;
            mdm = mdm - mdm / p + minus;
            tr = tr - tr / p + range;
            double pdi = tr == 0 ? 0 : 100 * pdm / tr;
            double mdi = tr == 0 ? 0 : 100 * mdm / tr;
            out[1][i] = pdi;
            out[2][i] = mdi;
            boolean hasDx = tr != 0 && pdi + mdi != 0;
            double dx = hasDx ? 100 * Math.abs(mdi - pdi) / (mdi + pdi) : 0;
            if (i <= 2 * p - 1) {
                adx += dx;
                if (i == 2 * p - 1) {
                    adx /= p;
                    out[0][i] = adx;
                }
            } else {
                if (hasDx) {
                    adx = (adx * (p - 1) + dx) / p;
                }
                out[0][i] = adx;
            }
        }
        return out;
    }

    static double max(double[] x, int from, int to) {
        double m = x[from];
        for (int i = from + 1; i <= to; i++) {
            m = Math.max(m, x[i]);
        }
        return m;
    }

    static double min(double[] x, int from, int to) {
        double m = x[from];
        for (int i = from + 1; i <= to; i++) {
            m = Math.min(m, x[i]);
        }
        return m;
    }

    /** [slowK, slowD] */
    static double[][] stoch(double[] h, double[] l, double[] c, int fastK, int slowK, int slowD) {
        int n = c.length;
        double[] k = nan(n);
        for (int i = fastK - 1; i < n; i++) {
            double hh = max(h, i - fastK + 1, i);
            double ll = min(l, i - fastK + 1, i);
            k[i] = hh == ll ? 0 : 100 * (c[i] - ll) / (hh - ll);
        }
        double[] sk = nan(n);
        for (int i = fastK - 1 + slowK - 1; i < n; i++) {
            sk[i] = mean(k, i - slowK + 1, i);
        }
        int first = fastK - 1 + slowK - 1 + slowD - 1;
        double[][] out = {nan(n), nan(n)};
        for (int i = first; i < n; i++) {
            out[0][i] = sk[i];
            out[1][i] = mean(sk, i - slowD + 1, i);
        }
        return out;
    }

    static double[] typical(double[] h, double[] l, double[] c) {
        double[] tp = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            tp[i] = (h[i] + l[i] + c[i]) / 3.0;
        }
        return tp;
    }

    static double[] cci(double[] h, double[] l, double[] c, int p) {
        double[] tp = typical(h, l, c);
        double[] out = nan(c.length);
        for (int i = p - 1; i < c.length; i++) {
            double m = mean(tp, i - p + 1, i);
            double dev = 0;
            for (int j = i - p + 1; j <= i; j++) {
                dev += Math.abs(tp[j] - m);
            }
            dev /= p;
            out[i] = (tp[i] - m == 0 || dev == 0) ? 0 : (tp[i] - m) / (0.015 * dev);
        }
        return out;
    }

    static double[] willr(double[] h, double[] l, double[] c, int p) {
        double[] out = nan(c.length);
        for (int i = p - 1; i < c.length; i++) {
            double hh = max(h, i - p + 1, i);
            double ll = min(l, i - p + 1, i);
            out[i] = hh == ll ? 0 : -100 * (hh - c[i]) / (hh - ll);
        }
        return out;
    }

    static double[] mfi(double[] h, double[] l, double[] c, double[] v, int p) {
        double[] tp = typical(h, l, c);
        double[] out = nan(c.length);
        for (int i = p; i < c.length; i++) {
            double pos = 0;
            double neg = 0;
            for (int j = i - p + 1; j <= i; j++) {
                if (tp[j] > tp[j - 1]) {
                    pos += tp[j] * v[j];
                } else if (tp[j] < tp[j - 1]) {
                    neg += tp[j] * v[j];
                }
            }
            out[i] = pos + neg == 0 ? 0 : 100 * pos / (pos + neg);
        }
        return out;
    }

    static double[] obv(double[] c, double[] v) {
        double[] out = new double[c.length];
        out[0] = v[0];
        for (int i = 1; i < c.length; i++) {
            out[i] = out[i - 1] + (c[i] > c[i - 1] ? v[i] : c[i] < c[i - 1] ? -v[i] : 0);
        }
        return out;
    }

    static double[] roc(double[] c, int p) {
        double[] out = nan(c.length);
        for (int i = p; i < c.length; i++) {
            out[i] = (c[i] / c[i - p] - 1) * 100;
        }
        return out;
    }

    /** Cumulative per UTC day of the open time. */
    static double[] vwap(long[] t, double[] h, double[] l, double[] c, double[] v) {
        double[] tp = typical(h, l, c);
        double[] out = nan(c.length);
        for (int i = 0; i < c.length; i++) {
            long day = Math.floorDiv(t[i], 86_400_000L);
            double pv = 0;
            double vol = 0;
            for (int j = i; j >= 0 && Math.floorDiv(t[j], 86_400_000L) == day; j--) {
                pv += tp[j] * v[j];
                vol += v[j];
            }
            out[i] = vol > 0 ? pv / vol : Double.NaN;
        }
        return out;
    }

    static double[] realizedVolatility(double[] c, int window, double periodsPerYear) {
        double[] r = new double[c.length];
        for (int i = 1; i < c.length; i++) {
            r[i] = Math.log(c[i] / c[i - 1]);
        }
        double[] out = nan(c.length);
        for (int i = window; i < c.length; i++) {
            out[i] = Math.sqrt(m2(r, i - window + 1, i) / (window - 1) * periodsPerYear);
        }
        return out;
    }

    static double[] correlation(double[] x, double[] y, int p) {
        double[] out = nan(x.length);
        for (int i = p - 1; i < x.length; i++) {
            double mx = mean(x, i - p + 1, i);
            double my = mean(y, i - p + 1, i);
            double sxy = 0;
            double sxx = 0;
            double syy = 0;
            for (int j = i - p + 1; j <= i; j++) {
                sxy += (x[j] - mx) * (y[j] - my);
                sxx += (x[j] - mx) * (x[j] - mx);
                syy += (y[j] - my) * (y[j] - my);
            }
            out[i] = sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
        }
        return out;
    }
}
