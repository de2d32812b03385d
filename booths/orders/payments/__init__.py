"""Payments of orders: VietQR codes to pay by bank transfer, bank notifications matched to orders, unpaid orders expiring.

- `vietqr`: whether a producer can take transfers, the VietQR payload (vietnam-qr-pay) and its image (segno).
- `providers`: the webhook adapters (PayOS's signed format, a generic HMAC one) behind one small interface.
- `services`: a notification or the producer's "payment received" matched to an order; flagged payments resolved;
  the worker's task that cancels a transfer order not paid in time.

The status machine itself stays in booths.orders.services: these call it.
"""
